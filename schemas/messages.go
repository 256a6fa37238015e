package schemas

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxListedValues is the most enum values a message lists; for more (the
// 56 ethnic groups) it asks to choose from the list.
const maxListedValues = 10

// fieldError puts a problem at loc into a sentence in each language. The
// sentences name the claim by its metadata label and never repeat its
// value.
func (t *Type) fieldError(loc []string, p problem) FieldError {
	en, zh := t.subject(loc)
	var m, mz string
	switch p.code {
	case CodeRequired:
		m, mz = en+" is required.", zh+"为必填项。"
	case CodeUnknownField:
		name := ""
		if len(loc) > 0 {
			name = truncate(loc[len(loc)-1], MaxEchoedNameLength)
		}
		m = fmt.Sprintf("Field %q does not belong to this credential (%s).", name, t.Name(localeEN))
		mz = fmt.Sprintf("字段 %q 不属于此凭证（%s）。", name, t.Name(localeZH))
	case CodeType:
		m = fmt.Sprintf("%s must be %s.", en, kinds(p.want, false))
		mz = fmt.Sprintf("%s必须是%s。", zh, kinds(p.want, true))
	case CodeEnum:
		m, mz = t.enumMessage(loc, en, zh)
	case CodeMismatch:
		m, mz = t.mismatchMessage(loc, p, en, zh)
	case CodeFormat, CodeChecksum:
		m, mz = formatMessage(p, en, zh)
	case CodePattern:
		m, mz = en+" is not in the expected form.", zh+"格式不正确。"
		if c := t.claim(loc); c != nil {
			m = appendSentence(m, description(c.Display, localeEN))
			mz += description(c.Display, localeZH)
		}
	case CodeTooShort:
		switch {
		case p.array && p.n == 1:
			m, mz = en+" needs at least one entry.", zh+"至少需要 1 项。"
		case p.array:
			m, mz = fmt.Sprintf("%s needs at least %d entries.", en, p.n), fmt.Sprintf("%s至少需要 %d 项。", zh, p.n)
		case p.n <= 1:
			m, mz = en+" must not be empty.", zh+"不能为空。"
		default:
			m, mz = fmt.Sprintf("%s must have at least %d characters.", en, p.n), fmt.Sprintf("%s至少需要 %d 个字符。", zh, p.n)
		}
	case CodeTooLong:
		switch {
		case p.n == 0:
			m, mz = en+" is too long.", zh+"过长。"
		case p.array:
			m, mz = fmt.Sprintf("%s has too many entries: at most %d.", en, p.n), fmt.Sprintf("%s项数过多：最多 %d 项。", zh, p.n)
		default:
			m, mz = fmt.Sprintf("%s is too long: at most %d characters.", en, p.n), fmt.Sprintf("%s过长：最多 %d 个字符。", zh, p.n)
		}
	case CodeRange:
		switch {
		case p.bound != "" && p.minimum:
			m, mz = fmt.Sprintf("%s must be at least %s.", en, p.bound), fmt.Sprintf("%s不能小于 %s。", zh, p.bound)
		case p.bound != "":
			m, mz = fmt.Sprintf("%s must be at most %s.", en, p.bound), fmt.Sprintf("%s不能大于 %s。", zh, p.bound)
		default:
			m, mz = en+" is out of range.", zh+"超出范围。"
		}
	case CodeTooMany:
		m = fmt.Sprintf("%s has too many fields: at most %d.", en, p.n)
		mz = fmt.Sprintf("%s字段过多：最多 %d 个。", zh, p.n)
	case CodeTooDeep:
		m, mz = en+" is nested too deeply.", zh+"嵌套层级过深。"
	default:
		m, mz = en+" is not valid.", zh+"无效。"
	}
	return FieldError{Path: pointer(loc), Message: m, MessageZH: mz, Code: p.code}
}

// subject names the claim at loc in each language: the label of the
// longest prefix of loc the metadata knows, with the row of each array
// position ("Result (row 2)"), else the member name.
func (t *Type) subject(loc []string) (en, zh string) {
	for n := len(loc); n > 0; n-- {
		c := t.claim(loc[:n])
		if c == nil {
			continue
		}
		en, zh = label(c.Display, localeEN), label(c.Display, localeZH)
		for _, tok := range loc {
			if isIndex(tok) {
				row, _ := strconv.Atoi(tok) // isIndex: at most 9 digits
				en += fmt.Sprintf(" (row %d)", row+1)
				zh += fmt.Sprintf("（第 %d 行）", row+1)
			}
		}
		return en, zh
	}
	if len(loc) == 0 {
		return "The form", "表单"
	}
	name := truncate(loc[len(loc)-1], MaxEchoedNameLength)
	return fmt.Sprintf("Field %q", name), fmt.Sprintf("字段 %q ", name)
}

// enumMessage lists the allowed values by their labels.
func (t *Type) enumMessage(loc []string, en, zh string) (string, string) {
	c := t.claim(loc)
	if c == nil || len(c.Values) == 0 || len(c.Values) > maxListedValues {
		return en + " must be chosen from the list.", zh + "须从列表中选择。"
	}
	var ens, zhs []string
	for _, v := range c.Values {
		ens = append(ens, label(v.Display, localeEN))
		zhs = append(zhs, label(v.Display, localeZH))
	}
	return fmt.Sprintf("%s must be one of: %s.", en, strings.Join(ens, ", ")),
		fmt.Sprintf("%s必须是以下之一：%s。", zh, strings.Join(zhs, "、"))
}

// mismatchMessage explains a contradiction between claims.
func (t *Type) mismatchMessage(loc []string, p problem, en, zh string) (string, string) {
	if p.other != nil {
		oen, ozh := t.subject(p.other)
		if p.sex {
			return fmt.Sprintf("%s does not match %s: its 17th character is odd for a man and even for a woman.", en, lowerFirst(oen)),
				fmt.Sprintf("%s与%s不符：第 17 位奇数为男性、偶数为女性。", zh, ozh)
		}
		return fmt.Sprintf("%s does not match %s: characters 7 to 14 are the date of birth.", en, lowerFirst(oen)),
			fmt.Sprintf("%s与%s不符：第 7 至 14 位为出生日期。", zh, ozh)
	}
	want := fmt.Sprint(p.value)
	wen, wzh := t.ValueLabel(loc, want, localeEN), t.ValueLabel(loc, want, localeZH)
	if wen == "" {
		wen, wzh = want, want
	}
	return fmt.Sprintf("%s must be %q to agree with the other fields.", en, wen),
		fmt.Sprintf("%s应为“%s”，才与其他字段一致。", zh, wzh)
}

// formatMessage explains a failed format, most precisely for identity
// numbers and credit codes.
func formatMessage(p problem, en, zh string) (string, string) {
	switch p.format {
	case FormatDate:
		return en + " must be a date written as YYYY-MM-DD.", zh + "必须是 YYYY-MM-DD 格式的日期。"
	case FormatDateOrLongTerm:
		return en + " must be a date written as YYYY-MM-DD, or long-term.", zh + "必须是 YYYY-MM-DD 格式的日期，或 long-term（长期）。"
	}
	switch {
	case errors.Is(p.err, ErrCitizenIDLength), errors.Is(p.err, ErrUSCCLength):
		return en + " must have 18 characters.", zh + "必须为 18 位。"
	case errors.Is(p.err, ErrCitizenIDCharacter):
		return en + " must be 17 digits followed by a digit or an uppercase X.", zh + "必须由 17 位数字和 1 位数字或大写 X 组成。"
	case errors.Is(p.err, ErrCitizenIDRegion):
		return en + " does not start with a known province code.", zh + "前两位不是有效的省级行政区划代码。"
	case errors.Is(p.err, ErrCitizenIDDate):
		return en + " holds an impossible date of birth in characters 7 to 14.", zh + "第 7 至 14 位不是有效的出生日期。"
	case errors.Is(p.err, ErrUSCCCharacter):
		return en + " may only use digits and capital letters other than I, O, S, V and Z, with digits in places 3 to 8.",
			zh + "只能使用数字和除 I、O、S、V、Z 以外的大写字母，且第 3 至 8 位为数字。"
	case errors.Is(p.err, ErrCitizenIDChecksum), errors.Is(p.err, ErrUSCCChecksum):
		return en + " fails its check character: a character was probably mistyped.", zh + "校验码不符，可能有字符录入错误。"
	}
	return en + " is not in the expected form.", zh + "格式不正确。"
}

// kinds names JSON types for a sentence.
func kinds(want []string, zh bool) string {
	if len(want) == 0 {
		if zh {
			return "受支持的值"
		}
		return "a supported kind of value"
	}
	names := make([]string, len(want))
	for i, w := range want {
		names[i] = kindName(w, zh)
	}
	if zh {
		return strings.Join(names, "或")
	}
	return strings.Join(names, " or ")
}

func kindName(w string, zh bool) string {
	type pair struct{ en, zh string }
	var p pair
	switch w {
	case "string":
		p = pair{"text", "文本"}
	case "integer":
		p = pair{"a whole number", "整数"}
	case "number":
		p = pair{"a number", "数字"}
	case "boolean":
		p = pair{"yes or no", "是或否"}
	case "array":
		p = pair{"a list", "列表"}
	case "object":
		p = pair{"a group of fields", "一组字段"}
	case "null":
		p = pair{"empty", "空值"}
	default:
		p = pair{w, w}
	}
	if zh {
		return p.zh
	}
	return p.en
}

// description returns the claim description for a locale, or "".
func description(d []ClaimDisplay, lang string) string {
	if i := bestLocale(claimLocales(d), lang); i >= 0 {
		return d[i].Description
	}
	return ""
}

func appendSentence(s, more string) string {
	if more == "" {
		return s
	}
	return s + " " + more
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// truncate cuts s to at most n characters, marking the cut with "…".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return string(runes[:n]) + "…"
}
