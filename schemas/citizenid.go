package schemas

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Errors of ValidCitizenID, one per rule of GB 11643-1999 in the order the
// standard lays out the number.
var (
	ErrCitizenIDLength    = errors.New("schemas: citizen id must have 18 characters")
	ErrCitizenIDCharacter = errors.New("schemas: citizen id must be 17 digits and a digit or an uppercase X")
	ErrCitizenIDRegion    = errors.New("schemas: citizen id has an unknown province code")
	ErrCitizenIDDate      = errors.New("schemas: citizen id has an impossible date of birth")
	ErrCitizenIDChecksum  = errors.New("schemas: citizen id check character does not match")
)

// citizenIDLength is the length of a citizen identity number.
const citizenIDLength = 18

// citizenIDMinYear is the earliest birth year accepted. The standard's own
// example 440524188001010014 is born in 1880.
const citizenIDMinYear = 1800

// knownProvince reports whether p is a province-level code of GB/T 2260
// (11 Beijing to 65 Xinjiang, 71 Taiwan) or the 81, 82 or 83 of residence
// permits for Hong Kong, Macao and Taiwan residents.
func knownProvince(p string) bool {
	switch p {
	case "11", "12", "13", "14", "15",
		"21", "22", "23",
		"31", "32", "33", "34", "35", "36", "37",
		"41", "42", "43", "44", "45", "46",
		"50", "51", "52", "53", "54",
		"61", "62", "63", "64", "65",
		"71", "81", "82", "83":
		return true
	}
	return false
}

// ValidCitizenID reports whether s is a well-formed 18-character citizen
// identity number (公民身份号码) of GB 11643-1999. It returns nil or an
// error wrapping one of the ErrCitizenID sentinels. The error never repeats
// the number.
//
// Only an uppercase X is accepted as check character: the standard writes
// it so, and claims are stored as issued; a form may upper-case input before
// calling. The address code is checked down to its province (the first two
// digits), not against the full GB/T 2260 list, which changes every year.
// The date of birth is checked to be a real calendar date from 1800 on; that
// it is not in the future needs the current time and is left to the caller.
func ValidCitizenID(s string) error {
	// GB 11643-1999, structure of the number: 18 characters, a 6-digit
	// address code, an 8-digit date of birth, a 3-digit sequence code and
	// one check character.
	if len(s) != citizenIDLength {
		if n := utf8.RuneCountInString(s); n != citizenIDLength {
			return fmt.Errorf("%w (got %d)", ErrCitizenIDLength, n)
		}
		return fmt.Errorf("%w (found a character that is not an ascii digit)", ErrCitizenIDCharacter)
	}
	for i := 0; i < citizenIDLength-1; i++ {
		if !isDigit(s[i]) {
			return fmt.Errorf("%w (character %d is not a digit)", ErrCitizenIDCharacter, i+1)
		}
	}
	switch last := s[citizenIDLength-1]; {
	case isDigit(last), last == 'X':
	case last == 'x':
		return fmt.Errorf("%w (write the check character X in upper case)", ErrCitizenIDCharacter)
	default:
		return fmt.Errorf("%w (character 18 is not a digit or X)", ErrCitizenIDCharacter)
	}

	// GB 11643-1999, address code: the administrative division code of
	// GB/T 2260 of the place of permanent residence.
	if !knownProvince(s[:2]) {
		return ErrCitizenIDRegion
	}

	// GB 11643-1999, date-of-birth code: YYYYMMDD as in GB/T 7408.
	if !realDate(s[6:14]) {
		return ErrCitizenIDDate
	}

	// GB 11643-1999, check code: ISO 7064:1983 MOD 11-2 over the first 17
	// digits.
	if citizenIDCheck(s[:17]) != s[17] {
		return ErrCitizenIDChecksum
	}
	return nil
}

// citizenIDCheck returns the MOD 11-2 check character of 17 ascii digits:
// the weights are 2^(18-i) mod 11 for positions i = 1..17, and a sum S mod
// 11 of 0, 1, 2, ... 10 maps to 1, 0, X, 9, ... 2.
func citizenIDCheck(body string) byte {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < len(weights) && i < len(body); i++ {
		sum += int(body[i]-'0') * weights[i]
	}
	return "10X98765432"[sum%11]
}

// realDate reports whether the 8 ascii digits d are a calendar date
// YYYYMMDD from citizenIDMinYear on.
func realDate(d string) bool {
	y := atoi(d[0:4])
	m := atoi(d[4:6])
	day := atoi(d[6:8])
	if y < citizenIDMinYear || m < 1 || m > 12 || day < 1 {
		return false
	}
	t := time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC)
	return t.Year() == y && int(t.Month()) == m && t.Day() == day
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// atoi converts a short run of ascii digits, checked by the caller.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
