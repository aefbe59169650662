"""Tables: table grids → typed tables (classification, canonical columns, code hierarchy)."""
