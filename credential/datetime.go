package credential

import (
	"errors"
	"time"
)

// DateTimeStampPattern is the regular expression VCDM 2.0 §4.9 (Validity
// Period) gives to detect a valid XML Schema 1.1 Part 2 dateTimeStamp.
// ParseDateTimeStamp matches exactly the strings this pattern matches in
// full (anchored at both ends), minus calendar dates that do not exist; the
// tests hold the two to agreement.
const DateTimeStampPattern = `-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))`

var errDateTime = errors.New("credential: not an XML Schema dateTimeStamp")

// ParseDateTimeStamp parses an XML Schema 1.1 dateTimeStamp (XMLSCHEMA11-2
// §3.4.28): a dateTime that always carries a time zone offset. VCDM 2.0 §4.9
// requires validFrom and validUntil to be one. The value 24:00:00 is the
// first instant of the next day (XMLSCHEMA11-2 §3.3.7); fractions beyond
// nanoseconds are truncated; a day that does not exist in its month
// (2023-02-30) is rejected, as the dateTime value space requires.
func ParseDateTimeStamp(s string) (time.Time, error) {
	if len(s) > MaxDateTimeLength {
		return time.Time{}, errDateTime
	}
	p := dtParser{s: s}
	t, ok := p.parse()
	if !ok {
		return time.Time{}, errDateTime
	}
	return t, nil
}

type dtParser struct {
	s string
	i int
}

func (p *dtParser) digits(n int) (int, bool) {
	if len(p.s)-p.i < n {
		return 0, false
	}
	v := 0
	for k := 0; k < n; k++ {
		c := p.s[p.i+k]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	p.i += n
	return v, true
}

func (p *dtParser) lit(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *dtParser) parse() (time.Time, bool) {
	// -?([1-9][0-9]{3,}|0[0-9]{3})
	neg := p.lit('-')
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	ydigits := p.s[start:p.i]
	if len(ydigits) < 4 || (len(ydigits) > 4 && ydigits[0] == '0') || len(ydigits) > MaxYearDigits {
		return time.Time{}, false
	}
	year := 0
	for _, c := range []byte(ydigits) {
		year = year*10 + int(c-'0')
	}
	if neg {
		year = -year
	}
	// -(0[1-9]|1[0-2])
	if !p.lit('-') {
		return time.Time{}, false
	}
	month, ok := p.digits(2)
	if !ok || month < 1 || month > 12 {
		return time.Time{}, false
	}
	// -(0[1-9]|[12][0-9]|3[01])
	if !p.lit('-') {
		return time.Time{}, false
	}
	day, ok := p.digits(2)
	if !ok || day < 1 || day > 31 {
		return time.Time{}, false
	}
	// T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))
	if !p.lit('T') {
		return time.Time{}, false
	}
	hour, ok := p.digits(2)
	if !ok || hour > 24 || !p.lit(':') {
		return time.Time{}, false
	}
	minute, ok := p.digits(2)
	if !ok || minute > 59 || !p.lit(':') {
		return time.Time{}, false
	}
	sec, ok := p.digits(2)
	if !ok || sec > 59 {
		return time.Time{}, false
	}
	nsec := 0
	zeroFraction := true
	if p.lit('.') {
		n := 0
		scale := 100000000
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			nsec += int(p.s[p.i]-'0') * scale
			zeroFraction = zeroFraction && p.s[p.i] == '0'
			scale /= 10
			p.i++
			n++
		}
		if n == 0 {
			return time.Time{}, false
		}
	}
	if hour == 24 && (minute != 0 || sec != 0 || !zeroFraction) {
		return time.Time{}, false
	}
	// (Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))
	offset := 0
	switch {
	case p.lit('Z'):
	case p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-'):
		sign := 1
		if p.s[p.i] == '-' {
			sign = -1
		}
		p.i++
		oh, ok := p.digits(2)
		if !ok || !p.lit(':') {
			return time.Time{}, false
		}
		om, ok := p.digits(2)
		if !ok || om > 59 || oh > 14 || (oh == 14 && om != 0) {
			return time.Time{}, false
		}
		offset = sign * (oh*3600 + om*60)
	default:
		return time.Time{}, false
	}
	if p.i != len(p.s) {
		return time.Time{}, false
	}
	// The pattern admits 31 days in every month; the value space does not.
	if day > daysIn(month, year) {
		return time.Time{}, false
	}
	loc := time.UTC
	if offset != 0 {
		loc = time.FixedZone("", offset)
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc), true
}

// daysIn returns the number of days in month of year in the proleptic
// Gregorian calendar XML Schema uses (year 0000 is a leap year).
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
