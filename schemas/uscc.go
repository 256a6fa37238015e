package schemas

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Errors of ValidUnifiedSocialCreditCode, in the order of GB 32100-2015.
var (
	ErrUSCCLength    = errors.New("schemas: unified social credit code must have 18 characters")
	ErrUSCCCharacter = errors.New("schemas: unified social credit code has a character outside its charset")
	ErrUSCCChecksum  = errors.New("schemas: unified social credit code check character does not match")
)

// usccLength is the length of a unified social credit code.
const usccLength = 18

// usccCharset is the code's alphabet: digits and upper-case letters without
// I, O, S, V and Z. A character's value is its index.
const usccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// ValidUnifiedSocialCreditCode reports whether s is a well-formed
// unified social credit code (统一社会信用代码) of GB 32100-2015. It returns
// nil or an error wrapping one of the ErrUSCC sentinels.
//
// Lower-case letters are refused, as for citizen identity numbers. The
// organisation code inside (positions 9 to 17) is not checked against its
// own GB 11714 check character.
func ValidUnifiedSocialCreditCode(s string) error {
	// GB 32100-2015, code structure: 18 characters: registration authority
	// (1), entity category (1), administrative division of the registration
	// authority (6, GB/T 2260), entity identifier (9), check character (1).
	if len(s) != usccLength {
		if n := utf8.RuneCountInString(s); n != usccLength {
			return fmt.Errorf("%w (got %d)", ErrUSCCLength, n)
		}
		return fmt.Errorf("%w (found a character that is not ascii)", ErrUSCCCharacter)
	}
	// GB 32100-2015, code characters: digits and upper-case Latin letters
	// other than I, O, S, V and Z.
	for i := 0; i < usccLength; i++ {
		if strings.IndexByte(usccCharset, s[i]) < 0 {
			return fmt.Errorf("%w (character %d)", ErrUSCCCharacter, i+1)
		}
	}
	for i := 2; i < 8; i++ {
		if !isDigit(s[i]) {
			return fmt.Errorf("%w (character %d of the division code is not a digit)", ErrUSCCCharacter, i+1)
		}
	}
	// GB 32100-2015, check character: C18 = 31 - (sum of Ci*Wi mod 31),
	// with 31 written as 0.
	if usccCheck(s[:17]) != s[17] {
		return ErrUSCCChecksum
	}
	return nil
}

// usccCheck returns the MOD 31 check character of 17 characters of
// usccCharset; the weights are 3^(i-1) mod 31 for positions i = 1..17.
func usccCheck(body string) byte {
	weights := [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := 0; i < len(weights) && i < len(body); i++ {
		sum += strings.IndexByte(usccCharset, body[i]) * weights[i]
	}
	return usccCharset[(31-sum%31)%31]
}
