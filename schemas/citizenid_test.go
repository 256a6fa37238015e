package schemas

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type vector struct {
	Value  string `json:"value"`
	Error  string `json:"error"`
	Source string `json:"source"`
}

type vectorSet struct {
	Valid   []vector `json:"valid"`
	Invalid []vector `json:"invalid"`
}

func readVectors(t *testing.T) (citizen, uscc vectorSet) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		CitizenID vectorSet `json:"citizen_id"`
		USCC      vectorSet `json:"uscc"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return v.CitizenID, v.USCC
}

func TestValidCitizenIDVectors(t *testing.T) {
	vectors, _ := readVectors(t)
	sentinels := map[string]error{
		"length":    ErrCitizenIDLength,
		"character": ErrCitizenIDCharacter,
		"region":    ErrCitizenIDRegion,
		"date":      ErrCitizenIDDate,
		"checksum":  ErrCitizenIDChecksum,
	}
	for _, v := range vectors.Valid {
		t.Run("valid/"+v.Value, func(t *testing.T) {
			if err := ValidCitizenID(v.Value); err != nil {
				t.Errorf("%s (%s): %v", v.Value, v.Source, err)
			}
		})
	}
	for _, v := range vectors.Invalid {
		t.Run("invalid/"+v.Error+"/"+v.Source, func(t *testing.T) {
			want, ok := sentinels[v.Error]
			if !ok {
				t.Fatalf("unknown error %q in vectors.json", v.Error)
			}
			err := ValidCitizenID(v.Value)
			if !errors.Is(err, want) {
				t.Fatalf("ValidCitizenID(%q) = %v, want %v", v.Value, err, want)
			}
			if !strings.HasPrefix(err.Error(), "schemas: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			if len(v.Value) > 4 && strings.Contains(err.Error(), v.Value) {
				t.Errorf("error %q repeats the number", err)
			}
		})
	}
}

func TestCitizenIDCheckMatchesStandardExample(t *testing.T) {
	// GB 11643-1999 works the check code of 11010519491231002 out to X:
	// S = 167, 167 mod 11 = 2, and 2 maps to X.
	if got := citizenIDCheck("11010519491231002"); got != 'X' {
		t.Fatalf("check character = %c, want X", got)
	}
}

func TestValidUnifiedSocialCreditCodeVectors(t *testing.T) {
	_, vectors := readVectors(t)
	sentinels := map[string]error{
		"length":    ErrUSCCLength,
		"character": ErrUSCCCharacter,
		"checksum":  ErrUSCCChecksum,
	}
	for _, v := range vectors.Valid {
		t.Run("valid/"+v.Value, func(t *testing.T) {
			if err := ValidUnifiedSocialCreditCode(v.Value); err != nil {
				t.Errorf("%s (%s): %v", v.Value, v.Source, err)
			}
		})
	}
	for _, v := range vectors.Invalid {
		t.Run("invalid/"+v.Error+"/"+v.Source, func(t *testing.T) {
			want, ok := sentinels[v.Error]
			if !ok {
				t.Fatalf("unknown error %q in vectors.json", v.Error)
			}
			if err := ValidUnifiedSocialCreditCode(v.Value); !errors.Is(err, want) {
				t.Fatalf("ValidUnifiedSocialCreditCode(%q) = %v, want %v", v.Value, err, want)
			}
		})
	}
}

func TestValidDateOrLongTerm(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"date", "2039-05-10", true},
		{"long term", LongTerm, true},
		{"leap day", "2028-02-29", true},
		{"no leap day", "2026-02-29", false},
		{"chinese", "长期", false},
		{"upper case", "LONG-TERM", false},
		{"short month", "2039-5-10", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := validDateOrLongTerm(tt.in); (err == nil) != tt.ok {
				t.Fatalf("validDateOrLongTerm(%q) = %v, want ok=%t", tt.in, err, tt.ok)
			}
		})
	}
}
