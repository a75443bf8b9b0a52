package apiclient

import (
	"bytes"
	"encoding/json"
	"io"
)

// Field is an optional request value that stays absent, null or set: a zero Field is not sent.
type Field[T any] struct {
	value   T
	present bool
	null    bool
}

// F sets a field to a value.
func F[T any](value T) Field[T] { return Field[T]{value: value, present: true} }

// Null sets a field to JSON null.
func Null[T any]() Field[T] { return Field[T]{present: true, null: true} }

// Present tells whether the field is sent (set, or null).
func (f Field[T]) Present() bool { return f.present }

// IsNull tells whether the field is sent as null.
func (f Field[T]) IsNull() bool { return f.null }

// Value is the field's value (the zero value when absent or null).
func (f Field[T]) Value() T { return f.value }

func (f Field[T]) wire() any {
	if f.null {
		return nil
	}
	return f.value
}

// MarshalJSON writes the value, or null.
func (f Field[T]) MarshalJSON() ([]byte, error) { return marshalJSON(f.wire()) }

// UnmarshalJSON sets the field from JSON: null makes it Null, anything else its value.
func (f *Field[T]) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		*f = Null[T]()
		return nil
	}
	var value T
	if err := json.Unmarshal(data, &value); err != nil {
		return err
	}
	*f = F(value)
	return nil
}

// wireValue is what the request builder reads: the value, whether it is sent, whether as null.
func (f Field[T]) wireValue() (any, bool, bool) { return f.value, f.present, f.null }

// File is a file to upload: its content, and optionally its name and content type.
type File struct {
	Reader      io.Reader
	Name        string
	ContentType string
}

// Read reads the file's content.
func (f File) Read(p []byte) (int, error) { return f.Reader.Read(p) }

// NamedFile gives a reader the filename and content type it is uploaded with.
func NamedFile(r io.Reader, name, contentType string) File {
	return File{Reader: r, Name: name, ContentType: contentType}
}
