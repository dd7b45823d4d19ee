# Messages of the command line.

wrote-file = Wrote { $path }
