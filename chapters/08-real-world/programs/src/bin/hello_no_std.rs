//! Hello world with no std and no libc: the program's entry point is the
//! ELF `_start`, and it talks to the kernel with two raw system calls.
//! Linux on x86-64 or AArch64; built with `-nostartfiles -nostdlib -static`
//! and `panic = "abort"` (see `cargo xtask sizes`).
#![no_std]
#![no_main]

use core::arch::asm;

/// `write(fd, buf, len)` as a raw system call.
fn write(fd: usize, bytes: &[u8]) -> isize {
    let ret: isize;
    #[cfg(target_arch = "x86_64")]
    // SAFETY: syscall 1 (write) reads `bytes.len()` bytes at `bytes.as_ptr()`,
    // which are valid; it clobbers only rcx and r11, declared here.
    unsafe {
        asm!("syscall", inlateout("rax") 1isize => ret, in("rdi") fd, in("rsi") bytes.as_ptr(),
             in("rdx") bytes.len(), lateout("rcx") _, lateout("r11") _, options(nostack));
    }
    #[cfg(target_arch = "aarch64")]
    // SAFETY: syscall 64 (write) reads `bytes.len()` bytes at `bytes.as_ptr()`, which are valid.
    unsafe {
        asm!("svc 0", in("x8") 64usize, inlateout("x0") fd as isize => ret, in("x1") bytes.as_ptr(),
             in("x2") bytes.len(), options(nostack));
    }
    ret
}

/// `exit_group(code)`: never returns.
fn exit(code: usize) -> ! {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: syscall 231 (exit_group) ends the process; it does not return.
    unsafe {
        asm!("syscall", in("rax") 231usize, in("rdi") code, options(noreturn, nostack));
    }
    #[cfg(target_arch = "aarch64")]
    // SAFETY: syscall 94 (exit_group) ends the process; it does not return.
    unsafe {
        asm!("svc 0", in("x8") 94usize, in("x0") code, options(noreturn, nostack));
    }
}

#[unsafe(no_mangle)]
extern "C" fn _start() -> ! {
    let message = b"Hello, world!\n";
    let written = write(1, message);
    exit(if written == message.len() as isize { 0 } else { 1 })
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    exit(101)
}
