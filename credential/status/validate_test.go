package status

import (
	"strconv"
	"testing"
	"time"
)

func TestValidateCredential(t *testing.T) {
	p := testParams(t)
	p.Purposes = []Purpose{PurposeRevocation, PurposeSuspension}
	cred, err := NewStatusListCredential(p) // index 5 set
	requireNoErr(t, err)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	entry := func(purpose Purpose, index string) *Entry {
		e := NewEntry(purpose, listURL, 0)
		e.StatusListIndex = index
		return &e
	}
	for _, tc := range []struct {
		name   string
		cred   func(c StatusListCredential) *StatusListCredential
		entry  *Entry
		now    time.Time
		status uint8
		want   []error
	}{
		{"revoked", nil, entry(PurposeRevocation, "5"), now, 1, nil},
		{"not revoked", nil, entry(PurposeRevocation, "6"), now, 0, nil},
		{"second purpose", nil, entry(PurposeSuspension, "5"), now, 1, nil},
		{"last index", nil, entry(PurposeRevocation, strconv.Itoa(MinBitstringEntries-1)), now, 0, nil},
		{"purpose mismatch", nil, entry(PurposeRefresh, "5"), now, 0, []error{ErrStatusVerification, ErrPurposeMismatch}},
		{"index out of range", nil, entry(PurposeRevocation, strconv.Itoa(MinBitstringEntries)), now, 0, []error{ErrRange, ErrIndexOutOfRange}},
		{"index beyond uint64", nil, entry(PurposeRevocation, "99999999999999999999999"), now, 0, []error{ErrRange}},
		{"index malformed", nil, entry(PurposeRevocation, "five"), now, 0, []error{ErrMalformedValue}},
		{"other list", nil, &Entry{Type: TypeBitstringStatusListEntry, StatusPurpose: PurposeRevocation, StatusListIndex: "5", StatusListCredential: listURL + "x"}, now, 0, []error{ErrStatusVerification, ErrListMismatch}},
		{"list without id", func(c StatusListCredential) *StatusListCredential { c.ID = ""; return &c }, entry(PurposeRevocation, "5"), now, 0, []error{ErrStatusVerification, ErrListMismatch}},
		{"not a status list credential", func(c StatusListCredential) *StatusListCredential {
			c.Type = []string{TypeVerifiableCredential}
			return &c
		}, entry(PurposeRevocation, "5"), now, 0, []error{ErrStatusVerification, ErrNotStatusListVC}},
		{"before validFrom", nil, entry(PurposeRevocation, "5"), p.ValidFrom.Add(-time.Second), 0, []error{ErrStatusVerification, ErrListNotValidYet}},
		{"after validUntil", nil, entry(PurposeRevocation, "5"), p.ValidUntil.Add(time.Second), 0, []error{ErrStatusVerification, ErrListExpired}},
		{"at validUntil", nil, entry(PurposeRevocation, "5"), p.ValidUntil, 1, nil},
		{"entry type wrong", nil, &Entry{Type: "StatusList2021Entry", StatusPurpose: PurposeRevocation, StatusListIndex: "5", StatusListCredential: listURL}, now, 0, []error{ErrMalformedValue}},
		{"bad encodedList", func(c StatusListCredential) *StatusListCredential {
			c.CredentialSubject.EncodedList = "u" + b64.EncodeToString([]byte("plain"))
			return &c
		}, entry(PurposeRevocation, "5"), now, 0, []error{ErrMalformedValue, ErrNotGzip}},
		{"subject type wrong", func(c StatusListCredential) *StatusListCredential {
			c.CredentialSubject.Type = "StatusList2021"
			return &c
		}, entry(PurposeRevocation, "5"), now, 0, []error{ErrMalformedValue}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cred
			if tc.cred != nil {
				c = tc.cred(*cred)
			}
			res, err := ValidateCredential(c, tc.entry, tc.now)
			if tc.want != nil {
				requireErr(t, err, tc.want...)
				return
			}
			requireNoErr(t, err)
			if res.Status != tc.status || res.Valid != (tc.status == 0) || res.Purpose != tc.entry.StatusPurpose {
				t.Fatalf("%+v", res)
			}
		})
	}
	_, err = ValidateCredential(nil, entry(PurposeRevocation, "5"), now)
	requireErr(t, err, ErrMalformedValue)
	_, err = ValidateSubject(&cred.CredentialSubject, nil)
	requireErr(t, err, ErrMalformedValue)
}

// TestValidateMessages uses statusSize 2 with purpose "message" (§2.1, §3.2
// step 14), and checks step 9's length rule for entries wider than 1 bit.
func TestValidateMessages(t *testing.T) {
	l, err := NewList(MinBitstringEntries, 2)
	requireNoErr(t, err)
	requireNoErr(t, l.Set(10, 2))
	requireNoErr(t, l.Set(11, 3))
	enc, err := l.EncodeBitstring()
	requireNoErr(t, err)
	subject := &StatusListSubject{Type: TypeBitstringStatusList, StatusPurpose: Strings{"message"}, EncodedList: enc}
	raw := []byte(`{"type":"BitstringStatusListEntry","statusPurpose":"message","statusListIndex":"10","statusListCredential":"` + listURL +
		`","statusSize":2,"statusMessage":[{"status":"0x3","message":"rejected"},{"status":"0x0","message":"pending_review"},{"status":"0x1","message":"accepted"},{"status":"0x2","message":"needs_documents"}]}`)
	e, err := ParseEntry(raw)
	requireNoErr(t, err)
	for _, tc := range []struct {
		index   string
		status  uint8
		message string
	}{{"10", 2, "needs_documents"}, {"11", 3, "rejected"}, {"12", 0, "pending_review"}} {
		e.StatusListIndex = tc.index
		res, err := ValidateSubject(subject, e)
		requireNoErr(t, err)
		if res.Status != tc.status || res.Message != tc.message || res.Valid != (tc.status == 0) {
			t.Fatalf("index %s: %+v", tc.index, res)
		}
	}

	// A hand-built entry missing the message for a value.
	e.StatusMessage = e.StatusMessage[:1]
	e.StatusListIndex = "10"
	_, err = ValidateSubject(subject, e)
	requireErr(t, err, ErrStatusVerification, ErrNoStatusMessage)

	// 16 KiB read with statusSize 2 holds 65,536 entries: too few.
	one, err := NewList(MinBitstringEntries, 1)
	requireNoErr(t, err)
	enc, err = one.EncodeBitstring()
	requireNoErr(t, err)
	subject.EncodedList = enc
	_, err = ValidateSubject(subject, e)
	requireErr(t, err, ErrStatusListLength)

	// statusSize beyond what Cachet processes.
	e.StatusSize = 9
	_, err = ValidateSubject(subject, e)
	requireErr(t, err, ErrStatusVerification, ErrStatusSizeUnsupported)
}
