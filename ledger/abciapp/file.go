package abciapp

import (
	"fmt"
	"os"
	"path/filepath"
)

// writeFileAtomic replaces dir/name with data so that after a crash the file
// holds either its old or its new content, never a mix: the data goes to a
// temporary file in dir, which is synced, renamed over name, and the
// directory is synced so the rename itself is durable.
func writeFileAtomic(dir, name string, data []byte) (err error) {
	f, err := os.CreateTemp(dir, name+".tmp-*")
	if err != nil {
		return fmt.Errorf("abciapp: snapshot: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("abciapp: snapshot: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("abciapp: snapshot: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("abciapp: snapshot: %w", err)
	}
	if err = os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("abciapp: snapshot: %w", err)
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("abciapp: snapshot: %w", err)
	}
	defer d.Close()
	if err = d.Sync(); err != nil {
		return fmt.Errorf("abciapp: snapshot: sync dir: %w", err)
	}
	return nil
}
