/work/main/chapters/09-thread-caching/sanitizers/target/x86_64-unknown-linux-gnu/debug/use_after_free: /work/main/chapters/09-thread-caching/sanitizers/src/bin/use_after_free.rs
