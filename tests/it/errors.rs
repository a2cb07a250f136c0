//! Bad input: every kind of invalid scenario gets a clear error and exit code 2.
