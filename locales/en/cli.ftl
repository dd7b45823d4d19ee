# Messages of the command line.

wrote-file = Wrote { $path }

## chec items

items-col-key = KEY
items-col-title = TITLE
items-col-owner = OWNER
items-col-due = DUE
items-col-priority = PRIORITY
items-col-status = STATUS
items-col-stage = STAGE
