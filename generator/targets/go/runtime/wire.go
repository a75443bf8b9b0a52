package apiclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// wire says how one value travels: a parameter's location, name and style, or a body field's
// Encoding Object. The generator writes it from the API description with every default filled
// in (the specification's serialization plan); the runtime only applies it.
type wire struct {
	In            string      // "path", "query", "header", "cookie", or "body" (a body field; no Name: the whole body)
	Name          string      // the name on the wire
	Style         string      // path: simple, label, matrix; query and form fields: form, spaceDelimited, pipeDelimited, deepObject
	Explode       bool        // arrays and objects: one piece per item or member
	AllowReserved bool        // keep RFC 3986's reserved characters of the value as they are
	ContentType   string      // sent as this media type's text (JSON text for JSON); a multipart part's Content-Type
	Headers       [][2]string // a multipart part's fixed headers
}

// jsonMember is one member of a JSON object; jsonObject keeps its members in their order.
type jsonMember struct {
	Key   string
	Value any
}

type jsonObject []jsonMember

// MarshalJSON writes the members in their order.
func (o jsonObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		key, err := marshalJSON(m.Key)
		if err != nil {
			return nil, err
		}
		value, err := marshalJSON(m.Value)
		if err != nil {
			return nil, err
		}
		b.Write(key)
		b.WriteByte(':')
		b.Write(value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshalJSON is compact JSON text without HTML escapes (a struct's members in its order).
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// jsonValue turns any Go value into a generic JSON value: nil, bool, json.Number, string, []any
// or jsonObject (members in the order the JSON spells them, so a struct's order survives).
func jsonValue(v any) (any, error) {
	data, err := marshalJSON(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return readJSON(dec)
}

func readJSON(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return tok, nil // string, json.Number, bool or nil
	}
	switch delim {
	case '[':
		out := []any{}
		for dec.More() {
			item, err := readJSON(dec)
			if err != nil {
				return nil, err
			}
			out = append(out, item)
		}
		_, err = dec.Token()
		return out, err
	case '{':
		out := jsonObject{}
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return nil, err
			}
			value, err := readJSON(dec)
			if err != nil {
				return nil, err
			}
			out = append(out, jsonMember{Key: fmt.Sprint(key), Value: value})
		}
		_, err = dec.Token()
		return out, err
	}
	return nil, fmt.Errorf("unexpected JSON delimiter %v", delim)
}

// scalarText is a primitive as the styles spell it (booleans true/false, numbers as JSON spells
// them); a nested array or object, which no style defines, is its JSON text.
func scalarText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	}
	data, err := marshalJSON(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}

// contentText is a value sent as a media type's text: JSON text for JSON, else a primitive's text.
func contentText(v any, mediaType string) string {
	if isJSONMedia(mediaType) {
		data, err := marshalJSON(v)
		if err != nil {
			return fmt.Sprint(v)
		}
		return string(data)
	}
	return scalarText(v)
}

func isJSONMedia(mediaType string) bool {
	base := strings.ToLower(strings.TrimSpace(strings.SplitN(mediaType, ";", 2)[0]))
	return base == "application/json" || strings.HasSuffix(base, "+json")
}

// present is a generic value's items or members without nulls (nulls are left out).
func presentItems(items []any) []any {
	out := make([]any, 0, len(items))
	for _, item := range items {
		if item != nil {
			out = append(out, item)
		}
	}
	return out
}

func presentMembers(members jsonObject) jsonObject {
	out := make(jsonObject, 0, len(members))
	for _, m := range members {
		if m.Value != nil {
			out = append(out, m)
		}
	}
	return out
}

const (
	reservedChars = ":/?[]@!$&'()*+,;=" // RFC 3986's reserved characters but '#', which would end the URL
	hexDigits     = "0123456789ABCDEF"
)

func isUnreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'A' <= c && c <= 'F' || 'a' <= c && c <= 'f'
}

// escape percent-encodes (UTF-8) every byte outside RFC 3986's unreserved set; allowReserved
// keeps the reserved characters and percent-encoded triplets as they are (RFC 6570's "+").
func escape(s string, allowReserved bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isUnreserved(c):
			b.WriteByte(c)
		case allowReserved && strings.IndexByte(reservedChars, c) >= 0:
			b.WriteByte(c)
		case allowReserved && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}

// escapeName is a parameter's or field's name, percent-encoded but for brackets (`ids[]`,
// `filter[status]`: names that servers read with their brackets).
func escapeName(s string) string {
	return strings.NewReplacer("%5B", "[", "%5D", "]").Replace(escape(s, false))
}

// delimiter is what joins a non-exploded array's items or object's members in a query or form.
func delimiter(style string) string {
	switch style {
	case "spaceDelimited":
		return "%20"
	case "pipeDelimited":
		return "%7C"
	}
	return ","
}

// spellPairs spells a query parameter, a cookie or a form field as name=value pairs, each
// already percent-encoded; an absent value (null, an empty array or object) gives none.
func spellPairs(w wire, v any) []string {
	if v == nil {
		return nil
	}
	name := escapeName(w.Name)
	enc := func(s string) string { return escape(s, w.AllowReserved) }
	if w.ContentType != "" {
		return []string{name + "=" + enc(contentText(v, w.ContentType))}
	}
	switch x := v.(type) {
	case []any:
		items := presentItems(x)
		if len(items) == 0 {
			return nil
		}
		if w.Style == "deepObject" {
			return deepPairs(name, x, w.AllowReserved, nil)
		}
		if w.Explode {
			out := make([]string, len(items))
			for i, item := range items {
				out[i] = name + "=" + enc(scalarText(item))
			}
			return out
		}
		texts := make([]string, len(items))
		for i, item := range items {
			texts[i] = enc(scalarText(item))
		}
		return []string{name + "=" + strings.Join(texts, delimiter(w.Style))}
	case jsonObject:
		members := presentMembers(x)
		if len(members) == 0 {
			return nil
		}
		if w.Style == "deepObject" {
			return deepPairs(name, x, w.AllowReserved, nil)
		}
		if w.Explode {
			out := make([]string, len(members))
			for i, m := range members {
				out[i] = escapeName(m.Key) + "=" + enc(scalarText(m.Value))
			}
			return out
		}
		texts := make([]string, 0, 2*len(members))
		for _, m := range members {
			texts = append(texts, enc(m.Key), enc(scalarText(m.Value)))
		}
		return []string{name + "=" + strings.Join(texts, delimiter(w.Style))}
	}
	return []string{name + "=" + enc(scalarText(v))}
}

// deepPairs spells deepObject's nesting as Stripe reads it: `metadata[k]=v`, `items[0][price]=p`.
func deepPairs(prefix string, v any, allowReserved bool, out []string) []string {
	switch x := v.(type) {
	case nil:
		return out
	case []any:
		for i, item := range x {
			out = deepPairs(prefix+"["+strconv.Itoa(i)+"]", item, allowReserved, out)
		}
		return out
	case jsonObject:
		for _, m := range x {
			out = deepPairs(prefix+"["+escape(m.Key, false)+"]", m.Value, allowReserved, out)
		}
		return out
	}
	return append(out, prefix+"="+escape(scalarText(v), allowReserved))
}

// spellPath spells a path parameter (simple, label or matrix), percent-encoded.
func spellPath(w wire, v any) string {
	enc := func(s string) string { return escape(s, false) }
	name := escapeName(w.Name)
	// a matrix pair: `;name=value`, or `;name` for an empty value (RFC 6570)
	matrix := func(key, value string) string {
		if value == "" {
			return ";" + key
		}
		return ";" + key + "=" + value
	}
	prefix := map[string]string{"label": ".", "matrix": ";" + name + "="}[w.Style]
	if w.ContentType != "" {
		return enc(contentText(v, w.ContentType))
	}
	switch x := v.(type) {
	case nil:
		return ""
	case []any:
		items := presentItems(x)
		if len(items) == 0 {
			return ""
		}
		texts := make([]string, len(items))
		for i, item := range items {
			texts[i] = enc(scalarText(item))
		}
		switch {
		case w.Style == "label" && w.Explode:
			return "." + strings.Join(texts, ".")
		case w.Style == "matrix" && w.Explode:
			var b strings.Builder
			for _, t := range texts {
				b.WriteString(matrix(name, t))
			}
			return b.String()
		}
		return prefix + strings.Join(texts, ",")
	case jsonObject:
		members := presentMembers(x)
		if len(members) == 0 {
			return ""
		}
		if w.Explode {
			pieces := make([]string, len(members))
			for i, m := range members {
				pieces[i] = enc(m.Key) + "=" + enc(scalarText(m.Value))
			}
			switch w.Style {
			case "label":
				return "." + strings.Join(pieces, ".")
			case "matrix":
				var b strings.Builder
				for _, m := range members {
					b.WriteString(matrix(enc(m.Key), enc(scalarText(m.Value))))
				}
				return b.String()
			}
			return strings.Join(pieces, ",")
		}
		texts := make([]string, 0, 2*len(members))
		for _, m := range members {
			texts = append(texts, enc(m.Key), enc(scalarText(m.Value)))
		}
		return prefix + strings.Join(texts, ",")
	}
	text := enc(scalarText(v))
	if w.Style == "matrix" {
		return matrix(name, text)
	}
	return prefix + text
}

// spellHeader spells a header parameter (simple; headers are not percent-encoded).
func spellHeader(w wire, v any) (string, bool) {
	if w.ContentType != "" {
		return contentText(v, w.ContentType), v != nil
	}
	switch x := v.(type) {
	case nil:
		return "", false
	case []any:
		items := presentItems(x)
		texts := make([]string, len(items))
		for i, item := range items {
			texts[i] = scalarText(item)
		}
		return strings.Join(texts, ","), len(items) > 0
	case jsonObject:
		members := presentMembers(x)
		texts := make([]string, 0, 2*len(members))
		for _, m := range members {
			if w.Explode {
				texts = append(texts, m.Key+"="+scalarText(m.Value))
			} else {
				texts = append(texts, m.Key, scalarText(m.Value))
			}
		}
		return strings.Join(texts, ","), len(members) > 0
	}
	return scalarText(v), true
}
