package node

import (
	"sync/atomic"

	dbm "github.com/cometbft/cometbft-db"
)

// quietClosedDB is a CometBFT database that, once closed, answers reads
// with "not found" instead of an error. CometBFT v0.38's peer gossip
// routines (consensus.Reactor.queryMaj23Routine and its siblings) are not
// waited for at shutdown: one that passed its "still running?" check before
// Stop may read the block store after Node.OnStop has closed it, and the
// block store panics on any read error ("panic: leveldb: closed", seen in
// the 4-validator test). "Not found" makes such a late read a no-op: the
// routine sends nothing and ends at its next check. Writes are untouched
// (consensus stops before the stores close, so none come late).
type quietClosedDB struct {
	dbm.DB
	closed atomic.Bool
}

func (d *quietClosedDB) Get(key []byte) ([]byte, error) {
	v, err := d.DB.Get(key)
	if err != nil && d.closed.Load() {
		return nil, nil
	}
	return v, err
}

func (d *quietClosedDB) Has(key []byte) (bool, error) {
	ok, err := d.DB.Has(key)
	if err != nil && d.closed.Load() {
		return false, nil
	}
	return ok, err
}

// Close marks the database closed before closing it, so that a read
// failing because of the close is answered as not found.
func (d *quietClosedDB) Close() error {
	d.closed.Store(true)
	return d.DB.Close()
}
