package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzValidCitizenID: ValidCitizenID never panics; an accepted string has
// 18 characters, passes its own check character and no other; a rejected
// one wraps one of the sentinels.
func FuzzValidCitizenID(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X", "440524188001010014", "440604199208170246", "44060419880305013X",
		"110105194912310021", "11010519491231002x", "11010519491231002", "440604199302300019",
		"", "X", "1101051949123100２X",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidCitizenID(s)
		if err != nil {
			for _, sentinel := range []error{ErrCitizenIDLength, ErrCitizenIDCharacter, ErrCitizenIDRegion, ErrCitizenIDDate, ErrCitizenIDChecksum} {
				if errors.Is(err, sentinel) {
					return
				}
			}
			t.Fatalf("ValidCitizenID(%q) = %v, which wraps no sentinel", s, err)
		}
		if len(s) != citizenIDLength {
			t.Fatalf("accepted %q of length %d", s, len(s))
		}
		if citizenIDCheck(s[:17]) != s[17] {
			t.Fatalf("accepted %q whose check character is not %c", s, citizenIDCheck(s[:17]))
		}
		for _, c := range "0123456789X" {
			if byte(c) == s[17] {
				continue
			}
			if other := s[:17] + string(c); ValidCitizenID(other) == nil {
				t.Fatalf("accepted both %q and %q", s, other)
			}
		}
	})
}

// FuzzValidUnifiedSocialCreditCode: as FuzzValidCitizenID, for the MOD 31
// check character of GB 32100-2015.
func FuzzValidUnifiedSocialCreditCode(f *testing.F) {
	for _, s := range []string{
		"91350100M000100Y43", "91440604MA55K3RT6T", "91350200M000000510", "91350100m000100y43", "", "9",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidUnifiedSocialCreditCode(s)
		if err != nil {
			if !errors.Is(err, ErrUSCCLength) && !errors.Is(err, ErrUSCCCharacter) && !errors.Is(err, ErrUSCCChecksum) {
				t.Fatalf("ValidUnifiedSocialCreditCode(%q) = %v, which wraps no sentinel", s, err)
			}
			return
		}
		if len(s) != usccLength || usccCheck(s[:17]) != s[17] {
			t.Fatalf("accepted %q", s)
		}
		for i := 0; i < len(usccCharset); i++ {
			if usccCharset[i] == s[17] {
				continue
			}
			if other := s[:17] + string(usccCharset[i]); ValidUnifiedSocialCreditCode(other) == nil {
				t.Fatalf("accepted both %q and %q", s, other)
			}
		}
	})
}

// FuzzValidate: any JSON object, decoded either way encoding/json can and
// validated against the type chosen by which, gives nil or a
// *ValidationError whose entries are complete and sorted, and the same
// answer twice; ValidateDisclosed never panics either.
func FuzzValidate(f *testing.F) {
	r, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	types := r.Types()
	for i, ty := range types {
		data, err := os.ReadFile(filepath.Join("testdata", "examples", ty.ID+".json"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), false, data)
		f.Add(uint8(i+1), true, data)
	}
	for i, s := range []string{
		`{}`, `{"name":1e999}`, `{"registered_capital":{"amount":1e-99999999999,"currency":"CNY"}}`,
		`{"test_items":[{"conclusion":"unqualified"}],"conclusion":"qualified"}`,
		`{"id_number":"11010519491231002X","birth_date":"1949-12-31","sex":"male"}`,
		`{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{}}}}}}}}}}`,
	} {
		f.Add(uint8(i), true, []byte(s))
	}
	f.Fuzz(func(t *testing.T, which uint8, useNumber bool, data []byte) {
		ty := types[int(which)%len(types)]
		dec := json.NewDecoder(bytes.NewReader(data))
		if useNumber {
			dec.UseNumber()
		}
		var claims map[string]any
		if dec.Decode(&claims) != nil {
			return
		}
		var ve *ValidationError
		if d := ty.ValidateDisclosed(claims); d != nil && !errors.As(d, &ve) {
			t.Fatalf("%s: ValidateDisclosed = %v, not a *ValidationError", ty.ID, d)
		}
		err := ty.Validate(claims)
		if err == nil {
			return
		}
		if !errors.As(err, &ve) {
			t.Fatalf("%s: Validate = %v, not a *ValidationError", ty.ID, err)
		}
		if len(ve.Fields) == 0 || len(ve.Fields) > MaxFieldErrors {
			t.Fatalf("%s: ValidationError with %d fields", ty.ID, len(ve.Fields))
		}
		for i, fe := range ve.Fields {
			if fe.Code == "" || fe.Message == "" || fe.MessageZH == "" {
				t.Fatalf("%s: incomplete field error %+v", ty.ID, fe)
			}
			if fe.Path != "" && !strings.HasPrefix(fe.Path, "/") {
				t.Fatalf("%s: path %q is not a JSON pointer", ty.ID, fe.Path)
			}
			if i > 0 && ve.Fields[i-1].Path > fe.Path {
				t.Fatalf("%s: fields not sorted", ty.ID)
			}
		}
		if again := ty.Validate(claims); again == nil || again.Error() != err.Error() {
			t.Fatalf("%s: Validate is not deterministic: %v, then %v", ty.ID, err, again)
		}
	})
}
