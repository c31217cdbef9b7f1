"""KPIs of kpi-spec §3: the catalog, the one set of formulas, the daily cube every KPI is
computed through, periods and their comparison, scopes, targets and benchmark bands.
"""
