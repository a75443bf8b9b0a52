# Run by tests/test_perl_target.py against a client generated from its inline spec ("Options
# Test"), whose parameters are named like the runtime's options (save_to, headers, on_event) and
# body, and a loopback server recording raw requests:
#
#   perl -I<dist>/lib options.pl <base_url> <file to save to>
#
# Each call prints one JSON line: {"call": name, "result": ...} or {"call": name, "error": ...}.
use strict;
use warnings;

use JSON::PP ();
use Options::Test::Client;

my $JSON = JSON::PP->new->utf8->canonical->allow_nonref;
my ( $url, $file ) = @ARGV;
my $client = Options::Test::Client->new( base_url => $url, api_key => 'sk-1', max_retries => 0 );

sub report {
    my ( $name, $code ) = @_;
    my $result = eval { $code->() };
    my %out = ( call => $name );
    if ( my $error = $@ ) { $out{error} = "$error" }
    else { $out{result} = $result }
    print $JSON->encode( \%out ), "\n";
}

# 1: the spec's parameters save_to, headers, on_event and body are arguments; the request body
# goes under request_body; the options (a second hash reference) add a header
report(
    create_thing => sub {
        $client->create_thing(
            { save_to => 'p 1', headers => 'h', on_event => 'e', body => 'b', request_body => { name => 'n' } },
            { headers => { 'X-Extra' => 'yes' } },
        );
    }
);

# 2: save_to, an option: the bytes go to the file, whose path is returned
report( download => sub { $client->download( {}, { save_to => $file } ) } );

# 3: on_event, an option: each event decoded
report(
    events => sub {
        my @events;
        $client->stream_events( {}, { on_event => sub { push @events, $_[0] } } );
        return \@events;
    }
);

# 4: an option among the arguments, an unknown option, options that are no hash: refused
report( option_as_argument => sub { $client->download( { save_to => $file } ) } );
report( unknown_option => sub { $client->download( {}, { timeout => 1 } ) } );
report( options_not_a_hash => sub { $client->download( {}, [] ) } );
