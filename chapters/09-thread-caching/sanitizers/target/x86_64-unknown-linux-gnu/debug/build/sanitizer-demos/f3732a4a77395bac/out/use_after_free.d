/work/main/chapters/09-thread-caching/sanitizers/target/x86_64-unknown-linux-gnu/debug/build/sanitizer-demos/f3732a4a77395bac/out/use_after_free.d: src/bin/use_after_free.rs

/work/main/chapters/09-thread-caching/sanitizers/target/x86_64-unknown-linux-gnu/debug/build/sanitizer-demos/f3732a4a77395bac/out/use_after_free: src/bin/use_after_free.rs

src/bin/use_after_free.rs:
