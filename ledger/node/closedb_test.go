package node

import (
	"testing"

	dbm "github.com/cometbft/cometbft-db"
)

// TestQuietClosedDB: after Close, reads answer "not found" instead of the
// error that makes CometBFT's block store panic; before it, they are the
// database's own.
func TestQuietClosedDB(t *testing.T) {
	raw, err := dbm.NewGoLevelDB("blockstore", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	db := &quietClosedDB{DB: raw}
	if err := db.Set([]byte("k"), []byte("v")); err != nil {
		t.Fatal(err)
	}
	if v, err := db.Get([]byte("k")); err != nil || string(v) != "v" {
		t.Fatalf("open: %q %v", v, err)
	}
	if _, err := raw.Get([]byte("k")); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Get([]byte("k")); err == nil {
		t.Fatal("the underlying database still answers after Close: the test proves nothing")
	}
	if v, err := db.Get([]byte("k")); err != nil || v != nil {
		t.Fatalf("closed Get: %q %v, want nil, nil", v, err)
	}
	if ok, err := db.Has([]byte("k")); err != nil || ok {
		t.Fatalf("closed Has: %v %v, want false, nil", ok, err)
	}
}
