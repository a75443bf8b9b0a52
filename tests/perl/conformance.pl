# The Perl client's conformance driver (tests/test_conformance.py runs it):
#
#   perl -I<dist>/lib tests/perl/conformance.pl <Client::Class> calls.json
#
# calls.json: {"base_url": ..., "api_key": ..., "username": ..., "password": ...,
#              "calls": [{"cell": "id", "perl": {"method": "name", "args": {...}}}]}
# args are by wire name, parameters and body fields side by side ("body" for a whole body); a
# file is [content, filename, content_type], its content {"$base64": "..."} or a string. Each
# call prints one line: "ok <cell>" or "error <cell>: <message>".
use strict;
use warnings;

use B ();
use JSON::PP ();
use MIME::Base64 ();

my ( $class, $file ) = @ARGV;
die "usage: perl -I<dist>/lib $0 <Client::Class> calls.json\n" unless defined $file;
( my $module = "$class.pm" ) =~ s{::}{/}g;
require $module;

open my $fh, '<:raw', $file or die "cannot read $file: $!\n";
my $plan = JSON::PP->new->utf8->decode( do { local $/; <$fh> } );
close $fh;

my $client = $class->new(
    base_url => $plan->{base_url},
    api_key => $plan->{api_key},
    username => $plan->{username},
    password => $plan->{password},
    max_retries => 0,
);

binmode STDOUT, ':encoding(UTF-8)';
$| = 1;
for my $call ( @{ $plan->{calls} } ) {
    my ( $cell, $method ) = ( $call->{cell}, $call->{perl}{method} );
    my $ok = eval { $client->$method( arguments( $client, $method, bytes( $call->{perl}{args} || {} ) ) ); 1 };
    if ($ok) {
        print "ok $cell\n";
        next;
    }
    ( my $error = "$@" ) =~ s/\s+/ /g;
    $error =~ s/ \z//;
    print "error $cell: $error\n";
}

# {"$base64": ...} as bytes, anywhere in the arguments.
sub bytes {
    my ($value) = @_;
    if ( ref $value eq 'HASH' ) {
        return MIME::Base64::decode_base64( $value->{'$base64'} ) if keys %$value == 1 && exists $value->{'$base64'};
        return { map { $_ => bytes( $value->{$_} ) } keys %$value };
    }
    return [ map { bytes($_) } @$value ] if ref $value eq 'ARRAY';
    return $value;
}

# The method's arguments as the client takes them: parameters by name, body fields under the
# body's argument (body, or the name the table gives it when a parameter is named body).
sub arguments {
    my ( $client, $method, $args ) = @_;
    my $op = operation( $client, $method );
    my %params = map { $_->{name} => 1 } @{ $op->{params} };
    my $key = $op->{body} && $op->{body}{arg} || 'body';
    my ( %out, %body );
    for my $name ( keys %$args ) {
        if ( $params{$name} || $name eq 'body' && !$op->{body} ) {
            $out{$name} = $args->{$name};
        }
        elsif ( $name eq 'body' && exists $op->{body}{whole} ) {
            $out{$key} = $args->{$name};
        }
        else {
            $body{$name} = $args->{$name};
        }
    }
    $out{$key} = \%body if %body;
    return \%out;
}

# The operation's table: %OPS of the module that defines the method.
sub operation {
    my ( $client, $method ) = @_;
    my $code = $client->can($method) or die "no method $method\n";
    my $package = B::svref_2object($code)->GV->STASH->NAME;
    no strict 'refs';
    return ${"${package}::OPS"}{$method} || die "no operation table for $method\n";
}
