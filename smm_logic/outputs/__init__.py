"""What people take away or look at: charts, the Excel export and template, page views."""
