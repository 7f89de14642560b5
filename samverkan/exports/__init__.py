"""Files we hand to people: the late list, the audit log and the calendar, one module each."""
