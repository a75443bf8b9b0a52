// The conformance driver for the Go target: it calls the generated client of the conformance
// spec (tests/specs/conformance-*.yaml) as a JSON file says, by reflection only, so it names no
// generated type. tests/test_conformance.py copies it to <module>/cmd/conformance/main.go and runs
// `go run ./cmd/conformance calls.json`, with the file:
//
//	{"base_url": "...", "api_key": "...", "username": "...", "password": "...",
//	 "calls": [{"cell": "id", "go": {"service": "Cells", "method": "PathLabelArrayTrue",
//	   "path_args": [<json>...], "params": {"GoMember": <json>...},
//	   "files": {"GoMember": [{"name": "a.txt", "content": "text", "content_type": "text/plain"}]}}}]}
//
// It prints one line per call: "ok <cell>" or "error <cell>: <message>". A file's content may be
// given as "content_base64" instead of "content" (bytes that are not UTF-8 text).
package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"

	api "example.com/conformance"
	"example.com/conformance/option"
)

type fileArg struct {
	Name          string  `json:"name"`
	Content       string  `json:"content"`
	ContentBase64 *string `json:"content_base64"`
	ContentType   string  `json:"content_type"`
}

type goCall struct {
	Service  string               `json:"service"`
	Method   string               `json:"method"`
	PathArgs []json.RawMessage    `json:"path_args"`
	Params   json.RawMessage      `json:"params"`
	Files    map[string][]fileArg `json:"files"`
}

type call struct {
	Cell string `json:"cell"`
	Go   goCall `json:"go"`
}

type plan struct {
	BaseURL  string `json:"base_url"`
	APIKey   string `json:"api_key"`
	Username string `json:"username"`
	Password string `json:"password"`
	Calls    []call `json:"calls"`
}

var (
	contextType = reflect.TypeOf((*context.Context)(nil)).Elem()
	errorType   = reflect.TypeOf((*error)(nil)).Elem()
	readerField = reflect.TypeOf(api.Field[io.Reader]{})
	readersType = reflect.TypeOf(api.Field[[]io.Reader]{})
	anyField    = reflect.TypeOf(api.Field[any]{})
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: conformance calls.json")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var p plan
	if err := json.Unmarshal(data, &p); err != nil {
		fmt.Fprintln(os.Stderr, "reading the calls:", err)
		os.Exit(2)
	}
	client := api.NewClient(
		option.WithBaseURL(p.BaseURL),
		option.WithAPIKey(p.APIKey),
		option.WithBasicAuth(p.Username, p.Password),
		option.WithMaxRetries(0),
	)
	for _, c := range p.Calls {
		if err := run(client, c.Go); err != nil {
			fmt.Printf("error %s: %s\n", c.Cell, strings.Join(strings.Fields(err.Error()), " "))
		} else {
			fmt.Printf("ok %s\n", c.Cell)
		}
	}
}

// run calls client.<Service>.<Method>(ctx, path args..., params).
func run(client *api.Client, c goCall) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	service := reflect.ValueOf(client).Elem().FieldByName(c.Service)
	if !service.IsValid() {
		return fmt.Errorf("the client has no service %q", c.Service)
	}
	method := service.MethodByName(c.Method)
	if !method.IsValid() {
		return fmt.Errorf("%s has no method %q", c.Service, c.Method)
	}
	t := method.Type()
	// ctx, the path arguments, the params struct, then ...option.RequestOption
	if t.NumIn() < 3 || t.In(0) != contextType || !t.IsVariadic() {
		return fmt.Errorf("%s.%s is not an operation method", c.Service, c.Method)
	}
	paths := t.NumIn() - 3
	if len(c.PathArgs) != paths {
		return fmt.Errorf("%s.%s takes %d path arguments, %d given", c.Service, c.Method, paths, len(c.PathArgs))
	}
	args := []reflect.Value{reflect.ValueOf(context.Background())}
	for i, raw := range c.PathArgs {
		arg := reflect.New(t.In(1 + i))
		if err := json.Unmarshal(raw, arg.Interface()); err != nil {
			return fmt.Errorf("path argument %d: %w", i+1, err)
		}
		args = append(args, arg.Elem())
	}
	params := reflect.New(t.In(1 + paths))
	if err := fillParams(params, c.Params, c.Files); err != nil {
		return err
	}
	args = append(args, params.Elem())
	results := method.Call(args)
	for _, r := range results[:len(results)-1] {
		if closer, ok := r.Interface().(io.Closer); ok && !r.IsNil() {
			_ = closer.Close()
		}
	}
	last := results[len(results)-1]
	if last.Type() != errorType {
		return fmt.Errorf("%s.%s does not return an error last", c.Service, c.Method)
	}
	if !last.IsNil() {
		return last.Interface().(error)
	}
	return nil
}

// fillParams decodes the params JSON (keys are the Go member names) into the struct, then sets
// the file members: Field[io.Reader] (a string given for one is its content), Field[[]io.Reader],
// or Field[any].
func fillParams(params reflect.Value, raw json.RawMessage, files map[string][]fileArg) error {
	st := params.Elem()
	members := map[string]json.RawMessage{}
	if len(bytes.TrimSpace(raw)) > 0 && string(bytes.TrimSpace(raw)) != "null" {
		if err := json.Unmarshal(raw, &members); err != nil {
			return fmt.Errorf("params: %w", err)
		}
	}
	for name, value := range members {
		field := st.FieldByName(name)
		if !field.IsValid() {
			return fmt.Errorf("params: %s has no member %q", st.Type().Name(), name)
		}
		var text string
		if field.Type() == readerField && json.Unmarshal(value, &text) == nil {
			field.Set(reflect.ValueOf(api.F[io.Reader](strings.NewReader(text))))
			continue
		}
		if err := json.Unmarshal(value, field.Addr().Interface()); err != nil {
			return fmt.Errorf("params.%s: %w", name, err)
		}
	}
	for name, list := range files {
		field := st.FieldByName(name)
		if !field.IsValid() {
			return fmt.Errorf("files: %s has no member %q", st.Type().Name(), name)
		}
		readers := make([]io.Reader, len(list))
		for i, f := range list {
			content := []byte(f.Content)
			if f.ContentBase64 != nil {
				decoded, err := base64.StdEncoding.DecodeString(*f.ContentBase64)
				if err != nil {
					return fmt.Errorf("files.%s: %w", name, err)
				}
				content = decoded
			}
			readers[i] = api.NamedFile(bytes.NewReader(content), f.Name, f.ContentType)
		}
		switch {
		case field.Type() == readersType:
			field.Set(reflect.ValueOf(api.F(readers)))
		case len(readers) != 1:
			return fmt.Errorf("files.%s: one file expected, %d given", name, len(readers))
		case field.Type() == readerField:
			field.Set(reflect.ValueOf(api.F(readers[0])))
		case field.Type() == anyField:
			field.Set(reflect.ValueOf(api.F[any](readers[0])))
		default:
			return fmt.Errorf("files.%s: %s is not a file member", name, field.Type())
		}
	}
	return nil
}
