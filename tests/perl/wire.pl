# Run by tests/test_perl_target.py against a client generated from its inline spec ("Wire Test")
# and a loopback server recording raw requests:  perl -I<dist>/lib wire.pl <base_url>
# Each call prints one JSON line: {"call": name, "result": ...} or {"call": name, "error": ...};
# the test then compares the recorded requests with what the spec says.
use strict;
use warnings;
use utf8;

use JSON::PP ();
use Wire::Test::Client;

my $JSON = JSON::PP->new->utf8->canonical->allow_nonref;
my ($url) = @ARGV;
my $client = Wire::Test::Client->new( base_url => $url, api_key => 'sk-1', username => 'ada', password => 'p@ss wörd', max_retries => 0 );

sub report {
    my ( $name, $code, $line ) = @_;
    my $result = eval { $code->() };
    my %out = ( call => $name );
    if ( my $error = $@ ) { $out{error} = "$error"; $out{line} = $line }
    else { $out{result} = ref $result ? $result : defined $result ? "$result" : undef; $out{length} = length $result if defined $result && !ref $result }
    print $JSON->encode( \%out ), "\n";
}

# 1: styles, cookies, allowReserved; security: [] sends nothing
report(
    list_things => sub {
        $client->list_things(
            {   ids => [ 'a', 'b c' ],
                point => { y => 2, x => 1 },
                filter => { limit => '5', status => 'open' },
                tags => [ 'red', 'blue' ],
                words => [ 'big', 'small' ],
                path => '/docs/a b?x=1&y=[2]#frag',
                q => 'a,b/é',
                flag => 0,
                'X-Trace' => [ 'one', 'two' ],
                session => 'abc;1',
                prefs => { theme => 'dark', lang => 'fr' },
            }
        );
    }
);

# 2: a Stripe-like form body (deepObject) with basic auth
report(
    create_customer => sub {
        $client->create_customer(
            {   body => {
                    email => 'ada@example.com',
                    metadata => { order_id => '42', k => 'v' },
                    items => [ { quantity => '2', price => 'price_1' }, { price => 'price_2', quantity => 1 } ],
                }
            }
        );
    }
);

# 3: a form body whose schema is a string, with an apiKey cookie
report( translate => sub { $client->translate( { body => 'q=hello%20world&source=en' } ) } );

# 4: numbers and booleans by their schema types
report(
    create_completion => sub {
        $client->create_completion(
            { body => { max_completion_tokens => '50', temperature => '0.5', logprobs => 0, stream => 'false', n => 2 } } );
    }
);

# 5: a value of the wrong type croaks at this line, and nothing is sent
report( create_completion_bad => sub { $client->create_completion( { body => { n => 'two' } } ) }, __LINE__ );
report( list_things_bad => sub { $client->list_things( { ids => ['a'], point => { x => 'one' } } ) }, __LINE__ );

# 6: multipart with UTF-8 text, an object part and a file; the reply's text comes back decoded
report(
    upload => sub {
        my $result = $client->upload(
            {   body => {
                    file => [ "\x89PNG\x00\xff", 'otter.png' ],
                    note => 'héllo wörld ✓',
                    meta => { b => 2, a => 1 },
                    count => '3',
                }
            }
        );
        return { echo => $result->{echo}, is_characters => ( $result->{echo} eq 'héllo wörld ✓' ? 1 : 0 ) };
    }
);

# 7: responses that are not JSON although the spec says JSON
report( video => sub { $client->get_video() } );
report( text => sub { my $text = $client->get_video(); return { text => $text, characters => length $text } } );
