package apiclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path/filepath"
	"reflect"
	"strings"
)

// request is one call, ready to send (again, on a retry: the body is bytes).
type request struct {
	method      string
	path        string      // the path template, its parameters filled in as they are put
	security    [][]string  // the alternatives of security schemes (keys of securitySchemes)
	query       []string    // name=value pairs, percent-encoded, in the operation's order
	header      http.Header // header parameters
	cookies     []string    // name=value pairs, percent-encoded
	accept      string
	kind        string     // the body's media kind: json, form, multipart, text, binary ("": no body)
	contentType string     // the body's declared media type
	members     jsonObject // a JSON body's fields, in their order (values are json.RawMessage)
	form        []string   // a form body's name=value pairs
	multipart   *multipartForm
	body        []byte
	err         error // the first problem met while building: send returns it
}

func newRequest(method, path string, security [][]string) *request {
	return &request{method: method, path: path, security: security, header: http.Header{}}
}

// content sets the body's media kind and declared Content-Type.
func (r *request) content(kind, contentType string) {
	r.kind, r.contentType = kind, contentType
	if kind == "multipart" {
		r.multipart = newMultipart()
	}
}

// fieldValue is a Field: its value, whether it is sent, whether it is sent as null.
type fieldValue interface {
	wireValue() (value any, present bool, null bool)
}

// put adds a parameter or a body field (a Field, or a path argument's plain value) as w says.
func (r *request) put(v any, w wire) {
	if r.err != nil {
		return
	}
	value, present, null := v, true, false
	if f, ok := v.(fieldValue); ok {
		value, present, null = f.wireValue()
	}
	if w.In == "body" && r.kind == "json" && w.Name != "" && r.members == nil {
		r.members = jsonObject{} // an object body: sent ({}) even when every field is absent
	}
	if !present {
		return
	}
	if w.In == "body" {
		r.putBody(value, null, w)
		return
	}
	if null {
		return // a parameter set to null is not sent
	}
	jv, err := jsonValue(value)
	if err != nil {
		r.err = fmt.Errorf("%s: %w", w.Name, err)
		return
	}
	switch w.In {
	case "path":
		r.path = strings.ReplaceAll(r.path, "{"+w.Name+"}", spellPath(w, jv))
	case "query":
		r.query = append(r.query, spellPairs(w, jv)...)
	case "header":
		if text, ok := spellHeader(w, jv); ok {
			r.header.Set(w.Name, text)
		}
	case "cookie":
		r.cookies = append(r.cookies, spellPairs(w, jv)...)
	}
}

func (r *request) putBody(value any, null bool, w wire) {
	switch r.kind {
	case "json":
		data := []byte("null")
		if !null {
			var err error
			if data, err = marshalJSON(value); err != nil {
				r.err = fmt.Errorf("%s: %w", w.Name, err)
				return
			}
		}
		if w.Name == "" {
			r.body = data
		} else {
			r.members = append(r.members, jsonMember{Key: w.Name, Value: json.RawMessage(data)})
		}
	case "form":
		if null {
			return
		}
		if w.Name == "" {
			r.wholeForm(value, w)
			return
		}
		jv, err := jsonValue(value)
		if err != nil {
			r.err = fmt.Errorf("%s: %w", w.Name, err)
			return
		}
		r.form = append(r.form, spellPairs(w, jv)...)
	case "multipart":
		if null {
			return
		}
		if w.Name != "" {
			r.multipart.put(value, w)
			return
		}
		jv, err := jsonValue(value) // a body given whole (a map): a part per member
		if err != nil {
			r.err = err
			return
		}
		members, ok := jv.(jsonObject)
		if !ok {
			r.err = fmt.Errorf("a multipart body is an object, not %s", scalarText(jv))
			return
		}
		for _, m := range members {
			r.multipart.put(m.Value, wire{In: "body", Name: m.Key})
		}
	default: // text, binary: the value as it is
		if null {
			return
		}
		data, err := rawBytes(value)
		if err != nil {
			r.err = err
			return
		}
		r.body = data
	}
}

// wholeForm is a form body given whole: a string is sent as it is (it is already a form), an
// object member by member (form, exploded).
func (r *request) wholeForm(value any, w wire) {
	switch value.(type) {
	case string, []byte, io.Reader:
		data, err := rawBytes(value)
		if err != nil {
			r.err = err
			return
		}
		r.form = append(r.form, string(data))
		return
	}
	jv, err := jsonValue(value)
	if err != nil {
		r.err = err
		return
	}
	if members, ok := jv.(jsonObject); ok {
		for _, m := range members {
			r.form = append(r.form, spellPairs(wire{Name: m.Key, Style: "form", Explode: true, AllowReserved: w.AllowReserved}, m.Value)...)
		}
		return
	}
	r.form = append(r.form, escape(scalarText(jv), w.AllowReserved))
}

// rawBytes is a body sent as it is: a reader's content, bytes, a string; anything else as text.
func rawBytes(value any) ([]byte, error) {
	switch x := value.(type) {
	case nil:
		return nil, nil
	case []byte:
		return x, nil
	case string:
		return []byte(x), nil
	case io.Reader:
		return io.ReadAll(x)
	}
	jv, err := jsonValue(value)
	if err != nil {
		return nil, err
	}
	return []byte(scalarText(jv)), nil
}

// finish lays out the body once all is put.
func (r *request) finish() error {
	if r.err != nil {
		return r.err
	}
	switch r.kind {
	case "json":
		if r.body == nil && r.members != nil {
			data, err := r.members.MarshalJSON()
			if err != nil {
				return err
			}
			r.body = data
		}
	case "form":
		if r.body == nil {
			r.body = []byte(strings.Join(r.form, "&"))
		}
	case "multipart":
		if err := r.multipart.into(r); err != nil {
			return err
		}
	}
	if r.body == nil {
		r.contentType = ""
	}
	return nil
}

// multipartForm builds a multipart/form-data body in memory, so retries resend the same bytes.
type multipartForm struct {
	buf    bytes.Buffer
	writer *multipart.Writer
	err    error
}

func newMultipart() *multipartForm {
	m := &multipartForm{}
	m.writer = multipart.NewWriter(&m.buf)
	return m
}

var readerType = reflect.TypeOf((*io.Reader)(nil)).Elem()

// readers is a file, or a list of files, as readers (ok false: the value holds no file).
func readers(value any) ([]io.Reader, bool) {
	if r, ok := value.(io.Reader); ok {
		return []io.Reader{r}, true
	}
	rv := reflect.ValueOf(value)
	if !rv.IsValid() || rv.Kind() != reflect.Slice {
		return nil, false
	}
	if rv.Len() == 0 {
		return nil, rv.Type().Elem().Implements(readerType)
	}
	out := make([]io.Reader, 0, rv.Len())
	for i := 0; i < rv.Len(); i++ {
		r, ok := rv.Index(i).Interface().(io.Reader)
		if !ok {
			return nil, false
		}
		out = append(out, r)
	}
	return out, true
}

// put adds a field as its Encoding Object says: an array is one part per item (RFC 7578), a
// file a file part; a value is JSON text under a JSON content type (the default of objects),
// else its text, with no Content-Type header unless the encoding gives one.
func (m *multipartForm) put(value any, w wire) {
	if m.err != nil {
		return
	}
	if files, ok := readers(value); ok {
		for _, f := range files {
			m.file(w, f)
		}
		return
	}
	jv, err := jsonValue(value)
	if err != nil {
		m.err = fmt.Errorf("%s: %w", w.Name, err)
		return
	}
	items := []any{jv}
	if list, ok := jv.([]any); ok {
		items = presentItems(list)
	}
	for _, item := range items {
		switch item.(type) {
		case nil:
		case []any, jsonObject: // structured: JSON text (application/json unless the encoding says)
			contentType := w.ContentType
			if contentType == "" {
				contentType = "application/json"
			}
			m.part(w, "", contentType, strings.NewReader(contentText(item, "application/json")))
		default:
			m.part(w, "", w.ContentType, strings.NewReader(contentText(item, w.ContentType)))
		}
	}
}

// file adds a file part: its name is the one given (NamedFile), else the file's own, else
// "file"; its Content-Type the one given, else the encoding's, else guessed from the name's
// extension, else application/octet-stream.
func (m *multipartForm) file(w wire, r io.Reader) {
	filename, contentType, named := "file", "", false
	if n, ok := r.(interface{ Name() string }); ok && n.Name() != "" {
		filename, named = filepath.Base(n.Name()), true
	}
	if file, ok := r.(File); ok {
		if file.Name != "" {
			filename, named = file.Name, true
		}
		contentType = file.ContentType
	}
	if contentType == "" {
		contentType = w.ContentType
	}
	if contentType == "" && named {
		if guessed, _, err := mime.ParseMediaType(mime.TypeByExtension(filepath.Ext(filename))); err == nil {
			contentType = guessed
		}
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	m.part(w, filename, contentType, r)
}

func (m *multipartForm) part(w wire, filename, contentType string, content io.Reader) {
	if m.err != nil {
		return
	}
	header := textproto.MIMEHeader{}
	disposition := fmt.Sprintf(`form-data; name="%s"`, quote(w.Name))
	if filename != "" {
		disposition += fmt.Sprintf(`; filename="%s"`, quote(filename))
	}
	header.Set("Content-Disposition", disposition)
	if contentType != "" {
		header.Set("Content-Type", contentType)
	}
	for _, h := range w.Headers {
		header.Set(h[0], h[1])
	}
	part, err := m.writer.CreatePart(header)
	if err == nil {
		_, err = io.Copy(part, content)
	}
	m.err = err
}

func quote(s string) string {
	return strings.NewReplacer("\\", "\\\\", `"`, "%22", "\r", "%0D", "\n", "%0A").Replace(s)
}

func (m *multipartForm) into(r *request) error {
	if m.err != nil {
		return m.err
	}
	if err := m.writer.Close(); err != nil {
		return err
	}
	contentType := m.writer.FormDataContentType()
	if base := strings.TrimSpace(strings.SplitN(r.contentType, ";", 2)[0]); strings.HasPrefix(base, "multipart/") {
		contentType = base + "; boundary=" + m.writer.Boundary()
	}
	r.body, r.contentType = m.buf.Bytes(), contentType
	return nil
}
