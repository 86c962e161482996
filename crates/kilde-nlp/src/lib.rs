//! kilde-nlp: placeholder, being written.
