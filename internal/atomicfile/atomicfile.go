package atomicfile

import (
	"os"
	"path/filepath"
)

// TempPattern returns the glob that matches the temporary files Write leaves
// behind for path if a crash cuts it short, for callers that clean them up.
func TempPattern(path string) string { return path + ".tmp-*" }

// Write replaces path with data, created with mode perm. It returns after
// the new content and the rename are on stable storage. The directory must
// exist.
func Write(path string, data []byte, perm os.FileMode) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err = f.Chmod(perm); err != nil {
		return err
	}
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
