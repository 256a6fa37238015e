package node

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// ErrHomeInUse: another node (in this process or another) runs on the home.
var ErrHomeInUse = errors.New("node: home in use by a running node")

// lockFile is the lock a running node holds on its home.
const lockFile = "data/node.lock"

// lockHome takes an exclusive lock on the home for the node's lifetime, so
// that a second node on the same home (which would corrupt both) fails at
// once with ErrHomeInUse. The lock is an flock: the kernel drops it when
// the process dies, so a crash never leaves a stale lock.
func lockHome(home string) (*os.File, error) {
	if err := os.MkdirAll(filepath.Join(home, "data"), 0o700); err != nil {
		return nil, fmt.Errorf("node: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(home, lockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("node: lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: %s", ErrHomeInUse, home)
		}
		return nil, fmt.Errorf("node: lock: %w", err)
	}
	return f, nil
}
