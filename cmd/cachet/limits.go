package main

// maxInput bounds any file or standard input the command reads: far above a
// credential, a presentation or a claims file, and a status list of 2^20
// entries.
const maxInput = 8 << 20
