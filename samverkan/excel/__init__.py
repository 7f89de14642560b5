"""The spreadsheet boundary: guard, read, locate, parse and write the Excel workbooks."""
