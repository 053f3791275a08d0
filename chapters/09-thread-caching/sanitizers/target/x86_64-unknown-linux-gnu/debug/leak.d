/work/main/chapters/09-thread-caching/sanitizers/target/x86_64-unknown-linux-gnu/debug/leak: /work/main/chapters/09-thread-caching/sanitizers/src/bin/leak.rs
