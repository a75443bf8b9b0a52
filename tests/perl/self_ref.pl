# Run by tests/test_perl_target.py against a client generated from tests/perl/self_ref.yaml and a
# loopback server recording raw requests:  perl -I<dist>/lib self_ref.pl <base_url>
# Each call prints one JSON line: {"call": name} or {"call": name, "error": ...}.
use strict;
use warnings;

use JSON::PP ();
use Self::Ref::Client;

my $client = Self::Ref::Client->new( base_url => $ARGV[0], api_key => 'k', max_retries => 0 );
my %calls = (
    node => sub { $client->plant_node( { body => { name => 'a', children => [ { name => 'b', children => [ { name => 'c' } ] } ] } } ) },
    tree => sub { $client->put_tree( { body => [ [ [] ], [] ] } ) },
    dict => sub { $client->put_dict( { body => { a => { b => {} } } } ) },
    loop => sub { $client->loop( { body => { a => 5 } } ) },
    bad_tree => sub { $client->put_tree( { body => ['x'] } ) },    # a string is no Tree, however deep
    bad_loop => sub { $client->loop( { body => { a => {} } } ) },    # neither A nor B takes a hash
);
for my $name ( sort keys %calls ) {
    my $ok = eval { $calls{$name}->(); 1 };
    print JSON::PP->new->canonical->encode( { call => $name, ( $ok ? () : ( error => "$@" ) ) } ), "\n";
}
