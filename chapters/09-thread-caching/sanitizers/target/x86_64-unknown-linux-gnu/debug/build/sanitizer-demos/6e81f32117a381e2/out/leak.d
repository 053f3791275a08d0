/work/main/chapters/09-thread-caching/sanitizers/target/x86_64-unknown-linux-gnu/debug/build/sanitizer-demos/6e81f32117a381e2/out/leak.d: src/bin/leak.rs

/work/main/chapters/09-thread-caching/sanitizers/target/x86_64-unknown-linux-gnu/debug/build/sanitizer-demos/6e81f32117a381e2/out/leak: src/bin/leak.rs

src/bin/leak.rs:
