//! kilde-eval: placeholder, being written.
