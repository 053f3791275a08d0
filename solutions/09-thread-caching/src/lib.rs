//! Reference solutions for lesson 09. Each module mirrors the exercise file
//! of the same name in `exercises/09-thread-caching/src/`.
