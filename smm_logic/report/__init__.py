"""Reading reports: file formats and limits (sources), header rows and column mapping
(headers, layout), cell cleaning (cells, columns), and the cleaned ``Report`` (model).
"""
