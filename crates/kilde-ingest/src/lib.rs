//! kilde-ingest: placeholder, being written.
