// Calls of the wirecheck spec (tests/test_go_target.py writes it) through its generated client,
// written by hand as a user would; the test records each raw request and checks its strings.
// tests/test_go_target.py copies this to <module>/cmd/wirecheck/main.go and runs it with the
// recording server's URL as its argument.
package main

import (
	"context"
	"fmt"
	"os"

	api "example.com/wirecheck"
	"example.com/wirecheck/option"
)

func main() {
	ctx := context.Background()
	base := os.Args[1]
	client := api.NewClient(
		option.WithBaseURL(base),
		option.WithAPIKey("key-1"),
		option.WithBasicAuth("ada", "s3cret pass"),
		option.WithMaxRetries(0),
	)
	anonymous := api.NewClient(option.WithBaseURL(base), option.WithAPIKey(""), option.WithMaxRetries(0))
	calls := []struct {
		name string
		call func() error
	}{
		{"search", func() error {
			return client.Things.Search(ctx, []string{"blue", "bl ack"}, api.Point{X: 1, Y: -2}, api.ThingsSearchParams{
				Filter:    api.F(api.Filter{Status: "open", Owner: "ada b"}),
				Ids:       api.F([]int64{1, 2, 3}),
				Tags:      api.F([]string{"a,b", "c"}),
				Next:      api.F("/v1/items?page=2:x y#top"),
				XTrace:    api.F([]string{"t1", "t2"}),
				SessionID: api.F("abc 1"),
				Prefs:     api.F([]string{"x", "y"}),
			})
		}},
		{"search-anonymous", func() error {
			return anonymous.Things.Search(ctx, []string{"é"}, api.Point{}, api.ThingsSearchParams{})
		}},
		{"create-customer", func() error {
			return client.Things.CreateCustomer(ctx, api.ThingsCreateCustomerParams{
				Email:    api.F("ada@example.com"),
				Metadata: api.F(map[string]string{"order_id": "42"}),
				Items: api.F([]api.LineItem{
					{Price: "price_1", Quantity: 2},
					{Price: "price_2", Quantity: 1},
				}),
			})
		}},
		{"translate", func() error {
			return client.Things.Translate(ctx, api.ThingsTranslateParams{Body: api.F("q=hello%20world&source=en")})
		}},
		{"whoami", func() error { return client.Things.Whoami(ctx, api.ThingsWhoamiParams{}) }},
		{"whoami-anonymous", func() error { return anonymous.Things.Whoami(ctx, api.ThingsWhoamiParams{}) }},
		{"ping", func() error { return client.Things.Ping(ctx, api.ThingsPingParams{}) }},
	}
	for _, c := range calls {
		if err := c.call(); err != nil {
			fmt.Printf("error %s: %v\n", c.name, err)
			os.Exit(1)
		}
		fmt.Printf("ok %s\n", c.name)
	}
}
