// Package atomicfile replaces a file so that after a crash it holds either
// its old or its new content, never a mix: the data goes to a temporary file
// beside it ("<name>.tmp-*"), which is synced, renamed over the file, and the
// directory is synced so the rename itself is durable (rename(2) is atomic
// within one file system, POSIX.1-2017).
package atomicfile
