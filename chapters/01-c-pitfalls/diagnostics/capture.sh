#!/usr/bin/env bash
# Re-captures what Miri, valgrind and a plain run say about each example in
# ../examples/, for the book (which includes these files). A maintainer runs
# it after changing an example or the toolchains:
#
#   bash chapters/01-c-pitfalls/diagnostics/capture.sh
#
# Process ids, addresses and toolchain paths are replaced by placeholders, so
# a re-capture only shows real changes. `cargo xtask check` does not compare
# these files (Miri's wording follows nightly); it runs Miri on every example
# and requires each report (course.toml: `miri_example`).
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=chapters/01-c-pitfalls/diagnostics
examples=(leak double_free use_after_free heap_overflow stack_overflow uninitialised dangling_stack who_frees)

tidy() {
    sed -E -e "s#$HOME/.rustup/toolchains/[^/]+/lib/rustlib/src/rust/#<rust>/#g" \
        -e 's#==[0-9]+==#==PID==#g' -e 's#0x[0-9A-Fa-f]{6,}#0x…#g' \
        -e 's#alloc[0-9]+#allocN#g' -e 's#\(in /[^)]*/#(in .../#g' |
        awk '/^warning: unused workspace dependency/ { skip = 1 } !skip { print } /^help: consider removing/ { skip = 0 }'
}

# A plain run: its output, then how it ended (a crash is a signal, not a message).
run() {
    "$@" 2>&1
    local status=$?
    case $status in
        134) echo "(aborted: SIGABRT, exit status 134)" ;;
        139) echo "(crashed: SIGSEGV, exit status 139)" ;;
        *) echo "(exit status $status)" ;;
    esac
}

cargo build -q -p chapter-01-c-pitfalls --examples
for example in "${examples[@]}"; do
    {
        echo "\$ cargo +nightly miri run -p chapter-01-c-pitfalls --example $example"
        env -u RUSTUP_TOOLCHAIN cargo +nightly miri run -q -p chapter-01-c-pitfalls --example "$example" 2>&1 | tidy
    } > "$out/miri-$example.txt"
    {
        echo "\$ target/debug/examples/$example"
        run target/debug/examples/"$example" 2>/dev/null
    } > "$out/run-$example.txt" 2>/dev/null
    if command -v valgrind >/dev/null; then
        {
            echo "\$ valgrind --leak-check=full --num-callers=12 target/debug/examples/$example"
            run valgrind --leak-check=full --num-callers=12 target/debug/examples/"$example" | tidy
        } > "$out/valgrind-$example.txt"
    fi
done
