package apiclient

// Pager walks every item of every page of a list operation, fetching each page when the items
// of the one before are used up (the ListAutoPaging methods return one):
//
//	iter := client.Files.ListFilesAutoPaging(ctx, params)
//	for iter.Next() { file := iter.Current() }
//	if err := iter.Err(); err != nil { ... }
type Pager[P any, T any] struct {
	fetch   func() (*P, error) // the next page, with the params as the last advance left them
	items   func(*P) []T       // a page's items
	advance func(*P) bool      // set the params to ask for the page after this one; false: it was the last
	page    []T
	index   int
	current T
	err     error
	done    bool
}

func newPager[P any, T any](fetch func() (*P, error), items func(*P) []T, advance func(*P) bool) *Pager[P, T] {
	return &Pager[P, T]{fetch: fetch, items: items, advance: advance}
}

// Next moves to the next item, fetching the next page when needed; false at the end or on an
// error (see Err).
func (p *Pager[P, T]) Next() bool {
	for p.index >= len(p.page) {
		if p.done || p.err != nil {
			return false
		}
		page, err := p.fetch()
		if err != nil {
			p.err = err
			return false
		}
		p.page, p.index = p.items(page), 0
		if len(p.page) == 0 || !p.advance(page) {
			p.done = true
		}
	}
	p.current = p.page[p.index]
	p.index++
	return true
}

// Current is the item Next moved to.
func (p *Pager[P, T]) Current() T { return p.current }

// Err is the error that ended the walk, if any.
func (p *Pager[P, T]) Err() error { return p.err }
