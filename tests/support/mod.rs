//! Helpers shared by the integration tests; each test file uses a part.
#![allow(dead_code)]

pub mod pty;
