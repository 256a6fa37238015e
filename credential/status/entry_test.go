package status

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

const listURL = "https://status.cachet.example/lists/7"

func messages(n int) string {
	var parts []string
	for i := range n {
		parts = append(parts, fmt.Sprintf(`{"status":"0x%x","message":"m%d"}`, i, i))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func TestParseEntry(t *testing.T) {
	ok := `{"id":"https://status.cachet.example/lists/7#42","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"42","statusListCredential":"` + listURL + `"}`
	e, err := ParseEntry([]byte(ok))
	requireNoErr(t, err)
	if i, _ := e.Index(); i != 42 || e.Size() != 1 || e.StatusPurpose != PurposeRevocation {
		t.Fatalf("%+v", e)
	}
	msg := `{"type":"BitstringStatusListEntry","statusPurpose":"message","statusListIndex":"0","statusListCredential":"` + listURL +
		`","statusSize":2,"statusMessage":` + messages(4) + `,"statusReference":["https://cachet.example/status-dictionary/"]}`
	e, err = ParseEntry([]byte(msg))
	requireNoErr(t, err)
	if e.Size() != 2 || len(e.StatusMessage) != 4 || len(e.StatusReference) != 1 {
		t.Fatalf("%+v", e)
	}
	// Round trip through the struct's JSON.
	b, err := json.Marshal(e)
	requireNoErr(t, err)
	if _, err := ParseEntry(b); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	// A huge index is well formed; it fails at Index as RANGE_ERROR.
	e, err = ParseEntry([]byte(strings.Replace(ok, `"42"`, `"123456789012345678901234567890"`, 1)))
	requireNoErr(t, err)
	_, err = e.Index()
	requireErr(t, err, ErrRange)
	ne := NewEntry(PurposeSuspension, listURL, 7)
	b, _ = json.Marshal(ne)
	if _, err := ParseEntry(b); err != nil {
		t.Fatalf("NewEntry %s: %v", b, err)
	}
}

func TestParseEntryErrors(t *testing.T) {
	base := map[string]any{
		"type":                 "BitstringStatusListEntry",
		"statusPurpose":        "revocation",
		"statusListIndex":      "42",
		"statusListCredential": listURL,
	}
	with := func(k string, v any) []byte {
		m := map[string]any{}
		for k2, v2 := range base {
			m[k2] = v2
		}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		b, _ := json.Marshal(m)
		return b
	}
	withSize := func(size any, msgs string) []byte {
		b := with("statusSize", size)
		if msgs == "" {
			return b
		}
		return []byte(strings.TrimSuffix(string(b), "}") + `,"statusMessage":` + msgs + "}")
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want error
	}{
		{"not JSON", []byte("{"), ErrMalformedValue},
		{"array", []byte("[]"), ErrMalformedValue},
		{"duplicate member", []byte(`{"type":"BitstringStatusListEntry","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"1","statusListCredential":"` + listURL + `"}`), ErrMalformedValue},
		{"too large", []byte(`{"x":"` + strings.Repeat("a", MaxEntrySize) + `"}`), ErrMalformedValue},
		{"type missing", with("type", nil), ErrMalformedValue},
		{"type wrong", with("type", "StatusList2021Entry"), ErrMalformedValue},
		{"type number", with("type", 1), ErrMalformedValue},
		{"purpose missing", with("statusPurpose", nil), ErrMalformedValue},
		{"purpose empty", with("statusPurpose", ""), ErrMalformedValue},
		{"purpose array", with("statusPurpose", []string{"revocation"}), ErrMalformedValue},
		{"index missing", with("statusListIndex", nil), ErrMalformedValue},
		{"index a number", with("statusListIndex", 42), ErrMalformedValue},
		{"index empty", with("statusListIndex", ""), ErrMalformedValue},
		{"index negative", with("statusListIndex", "-1"), ErrMalformedValue},
		{"index decimal", with("statusListIndex", "1.5"), ErrMalformedValue},
		{"index hex", with("statusListIndex", "0x10"), ErrMalformedValue},
		{"index with space", with("statusListIndex", " 1"), ErrMalformedValue},
		{"list credential missing", with("statusListCredential", nil), ErrMalformedValue},
		{"list credential relative", with("statusListCredential", "/lists/7"), ErrMalformedValue},
		{"id is the list URL", with("id", listURL), ErrMalformedValue},
		{"statusSize 0", withSize(0, ""), ErrMalformedValue},
		{"statusSize negative", withSize(-1, ""), ErrMalformedValue},
		{"statusSize fraction", withSize(1.5, ""), ErrMalformedValue},
		{"statusSize string", withSize("2", ""), ErrMalformedValue},
		{"statusSize 9 unsupported", withSize(9, ""), ErrStatusSizeUnsupported},
		{"statusSize 2 without statusMessage", withSize(2, ""), ErrMalformedValue},
		{"statusMessage too short", withSize(2, messages(3)), ErrMalformedValue},
		{"statusMessage too long", withSize(1, messages(3)), ErrMalformedValue},
		{"statusMessage not an array", withSize(1, `{"status":"0x0","message":"a"}`), ErrMalformedValue},
		{"statusMessage element lacks message", withSize(1, `[{"status":"0x0","message":"a"},{"status":"0x1"}]`), ErrMalformedValue},
		{"statusMessage element lacks status", withSize(1, `[{"status":"0x0","message":"a"},{"message":"b"}]`), ErrMalformedValue},
		{"statusMessage status without 0x", withSize(1, `[{"status":"0","message":"a"},{"status":"1","message":"b"}]`), ErrMalformedValue},
		{"statusMessage status 0X", withSize(1, `[{"status":"0x0","message":"a"},{"status":"0X1","message":"b"}]`), ErrMalformedValue},
		{"statusMessage status not hex", withSize(1, `[{"status":"0x0","message":"a"},{"status":"0xg","message":"b"}]`), ErrMalformedValue},
		{"statusMessage status too big", withSize(1, `[{"status":"0x0","message":"a"},{"status":"0x2","message":"b"}]`), ErrMalformedValue},
		{"statusMessage status repeated", withSize(1, `[{"status":"0x0","message":"a"},{"status":"0x00","message":"b"}]`), ErrMalformedValue},
		{"statusReference relative", with("statusReference", "status-dictionary"), ErrMalformedValue},
		{"statusReference empty array", with("statusReference", []string{}), ErrMalformedValue},
		{"statusReference number", with("statusReference", 3), ErrMalformedValue},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseEntry(tc.in)
			requireErr(t, err, tc.want)
		})
	}
}
