package abciapp

import (
	"encoding/json"
	"errors"
	"testing"

	abcitypes "github.com/cometbft/cometbft/abci/types"

	"github.com/cachet-district/cachet/ledger"
)

// FuzzCheckTxAndQuery feeds outside bytes to CheckTx and Query: neither
// panics nor fails the call, a code is always one the ledger defines, a
// query error always maps back to an error, and nothing changes the app hash.
func FuzzCheckTxAndQuery(f *testing.F) {
	tx, did := didCreate(f)
	resolve, _ := json.Marshal(ledger.ResolveRequest{DID: did})
	f.Add(tx, ledger.QueryResolveDID, resolve, int64(0))
	f.Add([]byte("{}"), ledger.QueryNextSeq, []byte(`{"id":"governance"}`), int64(1))
	f.Add([]byte(nil), "/nope", []byte("{"), int64(-1))
	f.Add([]byte(nil), ledger.QueryValidators, []byte("{}"), int64(0))
	a := newApp(f, f.TempDir())
	vals := []abcitypes.ValidatorUpdate{cmtVal(1, 10), cmtVal(2, 10)}
	if _, err := a.InitChain(ctx, &abcitypes.RequestInitChain{ChainId: testChain, AppStateBytes: genesisBytes(f), Validators: vals}); err != nil {
		f.Fatal(err)
	}
	hash := a.State().AppHash()
	f.Fuzz(func(t *testing.T, tx []byte, path string, data []byte, height int64) {
		c, err := a.CheckTx(ctx, &abcitypes.RequestCheckTx{Tx: tx})
		if err != nil {
			t.Fatal(err)
		}
		if c.Code != 0 && ledger.Code(c.Code).Err() == nil {
			t.Fatalf("CheckTx code %d is not in the ledger's table", c.Code)
		}
		q, err := a.Query(ctx, &abcitypes.RequestQuery{Path: path, Data: data, Height: height})
		if err != nil {
			t.Fatal(err)
		}
		qe := QueryError(q.Code, q.Log)
		if (q.Code == 0) != (qe == nil) {
			t.Fatalf("code %d maps to %v", q.Code, qe)
		}
		if q.Code != 0 && errors.Unwrap(qe) == nil {
			t.Fatalf("code %d maps to no sentinel: %v", q.Code, qe)
		}
		if string(a.State().AppHash()) != string(hash) {
			t.Fatal("app hash changed")
		}
	})
}
