"""Charts as data: Altair builders for the plan (plan.py) and for indicators (indicator.py)."""
