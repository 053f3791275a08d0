/* Hello world in C, the reference for what glibc itself costs. */
#include <stdio.h>

int main(void) {
    puts("Hello, world!");
    return 0;
}
