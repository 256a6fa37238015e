package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/cachet-district/cachet/keys"
)

// script returns a sequence of blocks exercising every operation type,
// accepted and rejected transactions mixed, built against a world's keys.
func script(t *testing.T, w *world) [][][]byte {
	t.Helper()
	b1 := &bureau{ctl: mustKey(t, keys.EdDSA), assert: mustKey(t, keys.ES256)}
	b2 := &bureau{ctl: mustKey(t, keys.ES256), assert: mustKey(t, keys.EdDSA)}
	c1, did1, err := NewDIDCreate(testChain, docFor(b1.ctl, b1.assert), b1.ctl, "#ctl")
	if err != nil {
		t.Fatal(err)
	}
	c2, did2, err := NewDIDCreate(testChain, docFor(b2.ctl, b2.assert), b2.ctl, "#ctl")
	if err != nil {
		t.Fatal(err)
	}
	gov := func(seq uint64, op GovernanceOp) []byte {
		tx, err := NewGovernanceTx(testChain, seq, op, w.members[0], w.members[2])
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	u1, err := NewDIDUpdate(testChain, did1, 1, docFor(mustKey(t, keys.EdDSA), b1.assert), b1.ctl, "#ctl")
	if err != nil {
		t.Fatal(err)
	}
	a1, err := NewStatusAnchor(testChain, did2, 1, StatusAnchorOp{URL: "https://b2.example/s/1", Digest: digestA, Sequence: 7}, b2.assert, "#sign")
	if err != nil {
		t.Fatal(err)
	}
	d2, err := NewDIDDeactivate(testChain, did2, 2, b2.ctl, "#ctl")
	if err != nil {
		t.Fatal(err)
	}
	auth := &AuthorizeOp{Issuer: did2, VCTs: []string{"x", "y"}, ValidFrom: "2026-01-01T00:00:00Z", ValidUntil: "2031-01-01T00:00:00Z"}
	members := genesisOf(w)
	valVote := func(ups ...Validator) *MembersOp {
		return &MembersOp{Threshold: members.Threshold, Members: members.Members, Validators: ups}
	}
	return [][][]byte{
		{c1, c2, c1, []byte("junk")},
		{gov(1, auth), gov(1, auth), u1},
		{a1, gov(2, &SchemaOp{TypeID: "t1", VCT: "x", SchemaDigest: digestA, MetadataDigest: digestB, Name: LocalName{Zh: "甲", En: "A"}})},
		{},
		{gov(3, &VerifierOp{Verifier: did1, Name: LocalName{Zh: "乙", En: "B"}, Services: []VerifierService{{ID: "s", Name: LocalName{Zh: "丙", En: "C"}, VCTs: []string{"x"}, Claims: []string{"c"}}}}), tamper(t, d2)},
		{gov(4, &RevokeOp{Issuer: did2, VCTs: []string{"y"}}), d2, gov(5, &VerifierRevokeOp{Verifier: did1})},
		{gov(6, valVote(val(4, 5), val(1, 0))), gov(7, valVote(val(9, 0)))},
	}
}

// replay feeds blocks into a fresh state with w's genesis and genesis
// validators and returns the app hash and result of each block.
func replay(t *testing.T, genesis Genesis, vals []Validator, blocks [][][]byte) (*State, [][]byte, []*BlockResult) {
	t.Helper()
	s := NewState()
	if _, err := s.InitChain(genesis, vals...); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	var hashes [][]byte
	var results []*BlockResult
	for i, blk := range blocks {
		res, err := s.FinalizeBlock(int64(i+1), now.Add(time.Duration(i)*time.Minute), blk)
		if err != nil {
			t.Fatal(err)
		}
		h, err := s.Commit()
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, h)
		results = append(results, res)
	}
	return s, hashes, results
}

func genesisOf(w *world) Genesis {
	g, err := w.s.GovernanceMembers()
	if err != nil {
		panic(err)
	}
	return Genesis{ChainID: testChain, Threshold: g.Threshold, Members: g.Members}
}

func TestDeterminism(t *testing.T) {
	w := newWorld(t)
	blocks := script(t, w)
	s1, h1, r1 := replay(t, genesisOf(w), w.vals, blocks)
	_, h2, r2 := replay(t, genesisOf(w), w.vals, blocks)
	for i := range h1 {
		if !bytes.Equal(h1[i], h2[i]) {
			t.Fatalf("height %d: app hashes differ", i+1)
		}
		if !sameVals(r1[i].ValidatorUpdates, r2[i].ValidatorUpdates) {
			t.Fatalf("height %d: validator updates differ", i+1)
		}
	}
	// Codes expected per block, so the script exercises what it claims to.
	want := [][]Code{
		{CodeOK, CodeOK, CodeExists, CodeMalformed},
		{CodeOK, CodeReplay, CodeOK},
		{CodeOK, CodeOK},
		{},
		{CodeOK, CodeBadSignature},
		{CodeOK, CodeOK, CodeOK},
		{CodeOK, CodeInvalidOp},
	}
	for i := range want {
		for j, c := range want[i] {
			if r1[i].TxResults[j].Code != c || r2[i].TxResults[j].Code != c {
				t.Fatalf("block %d tx %d: code %d (%s), want %d", i+1, j, r1[i].TxResults[j].Code, r1[i].TxResults[j].Log, c)
			}
		}
	}
	// Only the validator vote's block has validator updates.
	for i := range r1 {
		if got := len(r1[i].ValidatorUpdates) > 0; got != (i == len(blocks)-1) {
			t.Fatalf("block %d: validator updates %v", i+1, r1[i].ValidatorUpdates)
		}
	}
	if ups := r1[len(blocks)-1].ValidatorUpdates; !sameVals(ups, sorted(val(4, 5), val(1, 0))) {
		t.Fatalf("validator updates %v", ups)
	}
	// An empty block leaves the hash as it was.
	if !bytes.Equal(h1[2], h1[3]) {
		t.Fatal("an empty block changed the app hash")
	}
	// A block of rejected transactions only leaves the hash as it was.
	before := s1.AppHash()
	res, err := s1.FinalizeBlock(int64(len(blocks)+1), time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), [][]byte{blocks[0][0], blocks[1][0], []byte("{}")})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.TxResults {
		if r.Code == CodeOK {
			t.Fatal("a replayed tx was accepted")
		}
	}
	if !bytes.Equal(res.AppHash, before) {
		t.Fatal("rejected transactions changed the app hash")
	}
}

func TestSnapshotRestore(t *testing.T) {
	w := newWorld(t)
	s, hashes, _ := replay(t, genesisOf(w), w.vals, script(t, w))
	snap := s.Snapshot()
	r, err := Restore(snap)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(r.AppHash(), hashes[len(hashes)-1]) {
		t.Fatal("restored app hash differs")
	}
	if ri, si := r.Info(), s.Info(); ri.LastHeight != si.LastHeight || !ri.LastBlockTime.Equal(si.LastBlockTime) || ri.ChainID != si.ChainID {
		t.Fatalf("info %+v, want %+v", ri, si)
	}
	if !bytes.Equal(r.Snapshot(), snap) {
		t.Fatal("snapshot of the restored state differs")
	}
	sv, err1 := s.Validators()
	rv, err2 := r.Validators()
	if err1 != nil || err2 != nil || !sameVals(sv, rv) || len(rv) != len(w.vals) {
		t.Fatalf("restored validators %v (%v), want %v (%v)", rv, err2, sv, err1)
	}
	// The restored state keeps working like the original, validator
	// updates included.
	g := genesisOf(w)
	vote, err := NewGovernanceTx(testChain, 7, &MembersOp{Threshold: g.Threshold, Members: g.Members, Validators: []Validator{val(4, 0), val(2, 3)}}, w.members[0], w.members[1])
	if err != nil {
		t.Fatal(err)
	}
	next := [][]byte{[]byte("x"), vote}
	a, err := s.FinalizeBlock(s.Info().LastHeight+1, s.Info().LastBlockTime.Add(time.Second), next)
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.FinalizeBlock(r.Info().LastHeight+1, r.Info().LastBlockTime.Add(time.Second), next)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.AppHash, b.AppHash) || b.TxResults[1].Code != CodeOK {
		t.Fatalf("restored state diverges: %+v", b.TxResults)
	}
	if !sameVals(a.ValidatorUpdates, b.ValidatorUpdates) || !sameVals(b.ValidatorUpdates, sorted(val(4, 0), val(2, 3))) {
		t.Fatalf("validator updates %v and %v", a.ValidatorUpdates, b.ValidatorUpdates)
	}
	corrupt := func(f func([]byte) []byte) []byte { return f(bytes.Clone(snap)) }
	bad := map[string][]byte{
		"empty":          nil,
		"truncated":      snap[:len(snap)-1],
		"trailing":       append(bytes.Clone(snap), 0),
		"flipped value":  corrupt(func(b []byte) []byte { b[len(b)-2] ^= 1; return b }),
		"flipped hash":   corrupt(func(b []byte) []byte { b[len(snapshotMagic)+16] ^= 1; return b }),
		"huge count":     corrupt(func(b []byte) []byte { b[len(snapshotMagic)+48] = 0x7f; return b }),
		"wrong magic":    corrupt(func(b []byte) []byte { b[0] = 'x'; return b }),
		"header only":    snap[:len(snapshotMagic)+40],
		"negative hight": corrupt(func(b []byte) []byte { b[len(snapshotMagic)] = 0x80; return b }),
	}
	for name, b := range bad {
		t.Run(name, func(t *testing.T) {
			if _, err := Restore(b); !errors.Is(err, ErrBadSnapshot) {
				t.Fatalf("err %v", err)
			}
		})
	}
}

func TestCheckTx(t *testing.T) {
	w := newWorld(t)
	b := w.newBureau()
	before := w.s.AppHash()
	u1, _ := NewDIDUpdate(testChain, b.did, 1, docFor(b.ctl, b.assert), b.ctl, "#ctl")
	u2, _ := NewDIDUpdate(testChain, b.did, 2, docFor(b.ctl, mustKey(t, keys.EdDSA)), b.ctl, "#ctl")
	for i, c := range []struct {
		tx   []byte
		want Code
	}{{u1, CodeOK}, {u1, CodeReplay}, {u2, CodeOK}, {[]byte("x"), CodeMalformed}} {
		if r := w.s.CheckTx(c.tx); r.Code != c.want {
			t.Fatalf("check %d: code %d (%s), want %d", i, r.Code, r.Log, c.want)
		}
	}
	if !bytes.Equal(before, w.s.AppHash()) {
		t.Fatal("CheckTx changed the committed state")
	}
	// Both queued txs commit in one block; after Commit CheckTx sees them.
	res := w.block(u1, u2)
	if res[0].Code != CodeOK || res[1].Code != CodeOK {
		t.Fatalf("block results %+v", res)
	}
	if r := w.s.CheckTx(u2); r.Code != CodeReplay {
		t.Fatalf("after commit: code %d", r.Code)
	}
	if r := NewState().CheckTx(u1); r.Code != CodeNoGenesis {
		t.Fatalf("no genesis: code %d", r.Code)
	}
}

func TestBlockSequencing(t *testing.T) {
	w := newWorld(t)
	w.block()
	if _, err := w.s.FinalizeBlock(5, w.now, nil); !errors.Is(err, ErrBadHeight) {
		t.Fatalf("skipped height: %v", err)
	}
	if _, err := w.s.FinalizeBlock(2, w.now.Add(-2*time.Hour), nil); !errors.Is(err, ErrBadBlockTime) {
		t.Fatalf("time going back: %v", err)
	}
	if _, err := w.s.Commit(); !errors.Is(err, ErrNoPendingBlock) {
		t.Fatalf("commit without block: %v", err)
	}
	if _, err := w.s.InitChain(genesisOf(w)); !errors.Is(err, ErrBadGenesis) {
		t.Fatalf("second InitChain: %v", err)
	}
	for name, g := range map[string]Genesis{
		"no chain id":    {Threshold: 1, Members: genesisOf(w).Members},
		"threshold zero": {ChainID: "c", Members: genesisOf(w).Members},
		"no members":     {ChainID: "c", Threshold: 1},
	} {
		if _, err := NewState().InitChain(g); !errors.Is(err, ErrBadGenesis) {
			t.Fatalf("%s: %v", name, err)
		}
	}
	raw, err := json.Marshal(genesisOf(w))
	if err != nil {
		t.Fatal(err)
	}
	if g, err := ParseGenesis(raw); err != nil || g.ChainID != testChain {
		t.Fatalf("ParseGenesis: %v", err)
	}
	if _, err := ParseGenesis([]byte(`{"chainId":"a","chainId":"b"}`)); !errors.Is(err, ErrBadGenesis) {
		t.Fatalf("duplicate member: %v", err)
	}
}

// panicReader stands for a state that breaks mid-validation.
type panicReader struct{}

func (panicReader) get(string) ([]byte, bool) { panic("boom") }

func TestPanicIsRecovered(t *testing.T) {
	ctl, as := mustKey(t, keys.EdDSA), mustKey(t, keys.ES256)
	tx, _, err := NewDIDCreate(testChain, docFor(ctl, as), ctl, "#ctl")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = applyTx(panicReader{}, testChain, 1, time.Time{}, tx)
	if !errors.Is(err, ErrInternal) || CodeOf(err) != CodeInternal {
		t.Fatalf("err %v", err)
	}
}

// RFC 6962 §2.1 test values: the empty tree, and the structure of trees of
// 1 to 5 leaves computed by hand from the definition.
func TestMerkleRoot(t *testing.T) {
	if got := merkleRoot(nil); hex.EncodeToString(got[:]) != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Fatalf("empty tree %x", got)
	}
	l := make([][32]byte, 5)
	for i := range l {
		l[i] = leafHash(string(rune('a'+i)), []byte{byte(i)})
	}
	node := func(a, b [32]byte) [32]byte { return sha256.Sum256(append(append([]byte{1}, a[:]...), b[:]...)) }
	tests := []struct {
		name string
		n    int
		want [32]byte
	}{
		{"one leaf", 1, l[0]},
		{"two leaves", 2, node(l[0], l[1])},
		{"three leaves", 3, node(node(l[0], l[1]), l[2])},
		{"four leaves", 4, node(node(l[0], l[1]), node(l[2], l[3]))},
		{"five leaves", 5, node(node(node(l[0], l[1]), node(l[2], l[3])), l[4])},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := merkleRoot(l[:tc.n]); got != tc.want {
				t.Fatal("root differs from RFC 6962 §2.1")
			}
		})
	}
	// The key length prefix separates key and value.
	if leafHash("ab", []byte("c")) == leafHash("a", []byte("bc")) {
		t.Fatal("leaf hash is ambiguous")
	}
	want := sha256.Sum256([]byte("\x00\x00\x00\x00\x02abc"))
	if leafHash("ab", []byte("c")) != want {
		t.Fatal("leaf hash encoding")
	}
}

func TestQuery(t *testing.T) {
	w := newWorld(t)
	b := w.newBureau()
	w.authorize(b.did, "food-safety")
	tests := []struct {
		name, path, data string
		want             string // substring of the JSON answer
		err              error
	}{
		{"resolve", QueryResolveDID, `{"did":"` + b.did + `"}`, `"versionId":"1"`, nil},
		{"resolve at version", QueryResolveDID, `{"did":"` + b.did + `","versionId":"1"}`, `"#ctl"`, nil},
		{"resolve unknown", QueryResolveDID, `{"did":"did:cachet:x"}`, "", ErrUnknownDID},
		{"authorised", QueryIssuerAuthorised, `{"issuer":"` + b.did + `","vct":"food-safety","time":"2027-01-01T00:00:00Z"}`, `"authorised":true`, nil},
		{"not authorised", QueryIssuerAuthorised, `{"issuer":"` + b.did + `","vct":"other","time":"2027-01-01T00:00:00Z"}`, `"authorised":false`, nil},
		{"governance", QueryGovernanceMembers, ``, `"threshold":2`, nil},
		{"validators", QueryValidators, `{}`, `{"validators":[{"pubKey":"`, nil},
		{"validators, no data", QueryValidators, ``, `"power":10}`, nil},
		{"validators, bad data", QueryValidators, `[`, "", ErrBadQuery},
		{"next seq", QueryNextSeq, `{"id":"governance"}`, `{"seq":2}`, nil},
		{"schema missing", QuerySchema, `{"id":"x"}`, "", ErrNotFound},
		{"status missing", QueryStatusAnchor, `{"id":"https://x"}`, "", ErrNotFound},
		{"verifier missing", QueryVerifier, `{"id":"x"}`, "", ErrNotFound},
		{"duplicate member", QueryResolveDID, `{"did":"a","did":"b"}`, "", ErrBadQuery},
		{"unknown path", "/nope", `{}`, "", ErrBadQuery},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := w.s.Query(tc.path, []byte(tc.data), 0)
			if tc.err != nil {
				if !errors.Is(r.Err, tc.err) {
					t.Fatalf("err %v, want %v", r.Err, tc.err)
				}
				return
			}
			if r.Err != nil || !bytes.Contains(r.Value, []byte(tc.want)) || r.Height != w.s.Info().LastHeight {
				t.Fatalf("answer %s (%v), want %s", r.Value, r.Err, tc.want)
			}
		})
	}
	if r := w.s.Query(QueryGovernanceMembers, nil, 1); !errors.Is(r.Err, ErrBadQuery) {
		t.Fatalf("old height: %v", r.Err)
	}
}

func TestCodeTable(t *testing.T) {
	seen := map[Code]bool{}
	for _, e := range codeTable {
		if seen[e.code] || e.code == CodeOK || CodeOf(e.err) != e.code || e.code.Err() != e.err {
			t.Fatalf("code %d", e.code)
		}
		seen[e.code] = true
	}
	if CodeOf(nil) != CodeOK || CodeOf(errors.New("x")) != CodeInternal || Code(999).Err() != nil {
		t.Fatal("CodeOf edge cases")
	}
	if CodeOK.String() != "ok" || CodeReplay.String() != ErrReplay.Error() || Code(999).String() != "ledger: code 999" {
		t.Fatal("Code.String")
	}
}
