package apiclient

import (
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
func (f Field[T]) MarshalJSON() ([]byte, error) { return json.Marshal(f.wire()) }

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
