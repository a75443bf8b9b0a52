package APIClient::Wire;

# How values go on the wire, as the OpenAPI specification says (the table of the generator's
# ir/wire.py): every value checked against its schema type and turned into a node, then spelled
# for its place: JSON, a path segment (simple, label, matrix), query pairs (form,
# spaceDelimited, pipeDelimited, deepObject; allowReserved), a header (simple), cookies (form),
# a form body or a multipart body by its fields' Encoding Objects. Core modules only.
#
# Nodes: [ s => $text ] string, [ n => $text ] number (as JSON spells it), [ b => 1|0 ] boolean,
# [ z ] null, [ a => [ nodes ] ] array, [ o => [ [ $key, $node ], ... ] ] object (members in
# order), [ f => [ $bytes, $filename, $type ] ] file. An argument error dies with a
# APIClient::Wire::Bad (the message), which the client croaks at its caller's line.

use strict;
use warnings;

use B ();
use JSON::PP ();
use Scalar::Util ();
use overload ();

our $VERSION = '0.1.0';

my $STRING = JSON::PP->new->allow_nonref;    # one string as JSON text (characters)
my $UNRESERVED = qr/[A-Za-z0-9\-._~]/;
my $RESERVED = qr{[:/?\[\]\@!\$&'()*+,;=]};    # RFC 3986's, but '#'

sub bad { die bless \( my $message = $_[0] ), 'APIClient::Wire::Bad' }

# A top-level argument: its type (allowed values included), then the rule's bounds.
sub checked {
    my ( $cx, $rule, $value ) = @_;
    my $name = $rule->{name};
    my $node = _value( $cx, $rule->{type}, $value, $name );
    for my $item ( $node->[0] eq 'a' ? @{ $node->[1] } : ($node) ) {
        my ( $kind, $text ) = @$item;
        next unless $kind eq 'n';
        bad("$name must be at least $rule->{minimum}, got $text") if defined $rule->{minimum} && $text < $rule->{minimum};
        bad("$name must be at most $rule->{maximum}, got $text") if defined $rule->{maximum} && $text > $rule->{maximum};
    }
    return $node;
}

sub _value {
    my ( $cx, $type, $value, $where ) = @_;
    return ['z'] unless defined $value;
    $type = 'any' unless defined $type;
    if ( Scalar::Util::blessed($value) && !JSON::PP::is_bool($value) && $value->can('TO_JSON') ) {
        return _value( $cx, $type, $value->TO_JSON, $where );
    }
    if ( ref $type eq 'HASH' ) {
        if ( exists $type->{ref} ) {    # a schema met again for the same value is made of itself
            my $name = $type->{ref};
            bad("$where does not fit the schema $name, which is made of itself") if $cx->{open}{$name};
            local $cx->{open}{$name} = 1;
            return _value( $cx, $cx->{types}{$name}, $value, $where );
        }
        return _union( $cx, $type->{any_of}, $value, $where ) if $type->{any_of};
        if ( $type->{enum} ) {
            my $node = _value( $cx, 'string', $value, $where );
            return $node if grep { $_ eq $node->[1] } @{ $type->{enum} };
            bad( "$where must be one of " . join( ', ', @{ $type->{enum} } ) . ", got '$node->[1]'" );
        }
        if ( exists $type->{array} ) {
            my $items = _list( $type->{array}, $value ) or bad( "$where must be " . _describe( $cx, $type ) );
            my $i = 0;
            # the items of a list are other values; a single value taken as a list of one is not
            my $list = ref $value && Scalar::Util::refaddr($items) == Scalar::Util::refaddr($value);
            local $cx->{open} = $list ? {} : $cx->{open};
            return [ a => [ map { _value( $cx, $type->{array}, $_, $where . '[' . $i++ . ']' ) } @$items ] ];
        }
        bad( "$where must be " . _describe( $cx, $type ) ) unless ref $value eq 'HASH';
        my @props = @{ $type->{object} || [] };
        my ( %listed, @members );
        local $cx->{open} = {};    # the members are other values
        while ( my ( $key, $item ) = splice @props, 0, 2 ) {
            $listed{$key} = 1;
            push @members, [ $key, _value( $cx, $item, $value->{$key}, "$where.$key" ) ] if exists $value->{$key};
        }
        for my $key ( sort keys %$value ) {
            push @members, [ $key, _value( $cx, $type->{map}, $value->{$key}, "$where.$key" ) ] unless $listed{$key};
        }
        return [ o => \@members ];
    }
    return _any($value) if $type eq 'any';
    return [ f => _file( $value, $where ) ] if $type eq 'file';
    if ( $type eq 'boolean' ) {
        return [ b => $value ? 1 : 0 ] if JSON::PP::is_bool($value);
        return [ b => $$value ? 1 : 0 ] if ref $value eq 'SCALAR' && defined $$value && $$value =~ /\A[01]\z/;
        if ( !ref $value ) {
            my $text = lc $value;
            return [ b => 0 ] if $text eq '' || $text eq 'false';
            return [ b => 1 ] if $text eq 'true';
            return [ b => $text == 0 ? 0 : 1 ] if $text =~ /\A\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?\s*\z/;
        }
        bad( "$where must be a boolean (1 or 0, 'true' or 'false'), got " . _shown($value) );
    }
    if ( $type eq 'integer' || $type eq 'number' ) {
        my $text = _number( $value, $type eq 'integer' );
        bad( "$where must be " . _describe( $cx, $type ) . ', got ' . _shown($value) ) unless defined $text;
        return [ n => $text ];
    }
    # a string
    return [ s => $value ? 'true' : 'false' ] if JSON::PP::is_bool($value);
    bad( "$where must be a string, got " . _shown($value) ) if ref $value && !_stringy($value);
    return [ s => "$value" ];
}

# A number as JSON spells it, or undef when $value is not one (an integer: not a whole one).
sub _number {
    my ( $value, $integer ) = @_;
    return undef if ref $value && !_stringy($value);
    ( my $text = "$value" ) =~ s/\A\s+|\s+\z//g;
    return undef unless $text =~ /\A[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\z/;
    $text =~ s/\A\+//;
    if ($integer) {
        return ( $1 && $2 ne '0' ? '-' : '' ) . $2 if $text =~ /\A(-?)0*(\d+)\z/;
        my $number = 0 + $text;
        return undef unless $number == int $number && abs $number < 1e18;
        return sprintf '%.0f', $number;
    }
    return $text if $text =~ /\A-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?\z/;
    return '' . ( 0 + $text );
}

sub _stringy { return Scalar::Util::blessed( $_[0] ) && overload::Method( $_[0], '""' ) }

sub _shown {
    my ($value) = @_;
    return ref $value ? 'a ' . ( ref $value ) . ' reference' : "'$value'";
}

# A type with its references followed (a cycle of them: 'any').
sub _resolve {
    my ( $cx, $type ) = @_;
    my %seen;
    while ( ref $type eq 'HASH' && exists $type->{ref} ) {
        return 'any' if $seen{ $type->{ref} }++;
        $type = $cx->{types}{ $type->{ref} } || 'any';
    }
    return $type;
}

sub _describe {
    my ( $cx, $type ) = @_;
    my %said;
    my @words = grep { !$said{$_}++ } _words( $cx, $type, {} );
    return @words ? join( ' or ', @words ) : 'a value';
}

# What a type takes, in words (a union: each variant's); nothing for a schema met again inside
# itself (its words are said where it began).
sub _words {
    my ( $cx, $type, $seen ) = @_;
    while ( ref $type eq 'HASH' && exists $type->{ref} ) {
        return () if $seen->{ $type->{ref} }++;
        $type = $cx->{types}{ $type->{ref} } || 'any';
    }
    my %words = ( string => 'a string', integer => 'an integer', number => 'a number', boolean => 'a boolean', file => 'a file' );
    return $words{$type} || 'a value' unless ref $type;
    return 'an array reference' if exists $type->{array};
    return 'one of ' . join( ', ', @{ $type->{enum} } ) if $type->{enum};
    return map { _words( $cx, $_, {%$seen} ) } @{ $type->{any_of} } if $type->{any_of};
    return 'a hash reference';
}

# oneOf/anyOf: the first variant the value fits (an object: with all the variant's required
# properties, if any variant has them), trying first the variants of the scalar's own kind (a Perl
# number: numbers; a string: strings), so '50' stays a string where both are allowed.
sub _union {
    my ( $cx, $variants, $value, $where ) = @_;
    my $numeric = !ref $value && _is_number($value);
    my $files = ref $value eq 'ARRAY' && _is_file_list($value);
    my $rank = sub {
        my $type = _resolve( $cx, $_[0] );
        return 3 if !ref $type && $type eq 'any';
        return $files ? 2 : 0 if !ref $type && $type eq 'file';
        return 1 if ref $value;
        return 0 if !ref $type && ( $numeric ? $type eq 'integer' || $type eq 'number' : $type eq 'string' );
        return 1;
    };
    my @ranks = map { $rank->($_) } @$variants;
    my @ranked = map { $variants->[$_] } sort { $ranks[$a] <=> $ranks[$b] || $a <=> $b } 0 .. $#$variants;
    my $fallback;
    for my $type (@ranked) {
        my $node = eval { _value( $cx, $type, $value, $where ) };
        if ( !$node ) {
            die $@ unless ref $@ eq 'APIClient::Wire::Bad';
            next;
        }
        my $object = _resolve( $cx, $type );
        return $node unless ref $value eq 'HASH' && ref $object eq 'HASH' && grep { !exists $value->{$_} } @{ $object->{required} || [] };
        $fallback ||= $node;
    }
    return $fallback if $fallback;
    bad( "$where must be " . _describe( $cx, { any_of => $variants } ) . ', got ' . _shown($value) );
}

sub _is_number {
    my $flags = B::svref_2object( \$_[0] )->FLAGS;
    return ( $flags & ( B::SVp_IOK | B::SVp_NOK ) ) && !( $flags & B::SVp_POK );
}

# A value without a declared type: as JSON::PP would write it (hash keys sorted).
sub _any {
    my ($value) = @_;
    return ['z'] unless defined $value;
    return [ b => $value ? 1 : 0 ] if JSON::PP::is_bool($value);
    my $ref = ref $value;
    return [ n => _number($value) ] if !$ref && _is_number($value) && defined _number($value);
    return [ o => [ map { [ $_, _any( $value->{$_} ) ] } sort keys %$value ] ] if $ref eq 'HASH';
    return [ a => [ map { _any($_) } @$value ] ] if $ref eq 'ARRAY';
    return [ b => $$value ? 1 : 0 ] if $ref eq 'SCALAR' && defined $$value && $$value =~ /\A[01]\z/;
    return _any( $value->TO_JSON ) if Scalar::Util::blessed($value) && $value->can('TO_JSON');
    return [ s => "$value" ] if !$ref || _stringy($value);
    bad("cannot send a $ref reference");
}

sub _list {
    my ( $item, $value ) = @_;
    return undef if ref $value eq 'HASH' || ( ref $value && ref $value ne 'ARRAY' && ref $value ne 'GLOB' && !_stringy($value) );
    if ( !ref $item && $item eq 'file' ) {
        return [$value] unless ref $value eq 'ARRAY';
        return _is_file_list($value) ? $value : [$value];
    }
    return ref $value eq 'ARRAY' ? $value : [$value];    # a single value is a list of one
}

# Several files, or one [ $content, $filename, $content_type ]?
sub _is_file_list {
    my ($value) = @_;
    return 1 unless @$value;
    return 1 if ref $value->[0];
    no warnings qw(newline syscalls);    # content is no file name
    return !grep { ref $_ || !defined $_ || !-f $_ } @$value;
}

# A file: a path, a filehandle, or [ $content, $filename, $content_type ] -> [ bytes, name, type ].
sub _file {
    my ( $file, $where ) = @_;
    if ( ref $file eq 'ARRAY' ) {
        my ( $content, $name, $type ) = @$file;
        $content = ${$content} if ref $content eq 'SCALAR';
        $content = _file( $content, $where )->[0] if ref $content eq 'GLOB';
        return [ _bytes( defined $content ? $content : '' ), defined $name ? $name : 'file', $type ];
    }
    if ( ref $file eq 'GLOB' || ( Scalar::Util::blessed($file) && $file->can('read') ) ) {
        local $/;
        binmode $file;
        my $content = <$file>;
        return [ defined $content ? $content : '', 'file', undef ];
    }
    bad("$where must be a file: a path, a filehandle or [ \$content, \$filename, \$content_type ]") if ref $file && !_stringy($file);
    open my $fh, '<:raw', "$file" or bad("$where: cannot read $file: $!");
    local $/;
    my $content = <$fh>;
    close $fh;
    ( my $name = "$file" ) =~ s{.*[/\\]}{};
    return [ defined $content ? $content : '', $name, undef ];
}

sub _bytes {
    my ($content) = @_;
    utf8::encode($content) unless utf8::downgrade( $content, 1 );
    return $content;
}

# -- spellings -----------------------------------------------------------------------------

sub _json {
    my ($node) = @_;
    my $kind = $node->[0];
    return $STRING->encode( $node->[1] ) if $kind eq 's';
    return $node->[1] if $kind eq 'n';
    return $node->[1] ? 'true' : 'false' if $kind eq 'b';
    return 'null' if $kind eq 'z';
    return '[' . join( ',', map { _json($_) } @{ $node->[1] } ) . ']' if $kind eq 'a';
    return '{' . join( ',', map { $STRING->encode( $_->[0] ) . ':' . _json( $_->[1] ) } @{ $node->[1] } ) . '}' if $kind eq 'o';
    bad('a file cannot be sent as JSON');
}

sub _utf8 {
    my ($text) = @_;
    utf8::encode($text);
    return $text;
}

sub is_json {
    my ($type) = @_;
    return defined $type && $type =~ m{\A\s*[\w.+-]+/(?:json|[\w.-]+\+json)\s*(?:;|\z)}i;
}

# A member's or a primitive's text: booleans true/false, numbers as JSON spells them,
# structures as JSON text.
sub _text {
    my ($node) = @_;
    my $kind = $node->[0];
    return $node->[1] if $kind eq 's' || $kind eq 'n';
    return $node->[1] ? 'true' : 'false' if $kind eq 'b';
    return '' if $kind eq 'z';
    return _json($node);
}

# A parameter with `content`: the media type's text (JSON text for JSON).
sub _content_text {
    my ( $node, $type ) = @_;
    return is_json($type) || $node->[0] eq 'o' || $node->[0] eq 'a' ? _json($node) : _text($node);
}

# ( primitive => $text ) | ( array => [ texts ] ) | ( object => [ [ $key, $text ] ] ), nulls left out
sub _parts {
    my ($node) = @_;
    return ( array => [ map { _text($_) } grep { $_->[0] ne 'z' } @{ $node->[1] } ] ) if $node->[0] eq 'a';
    return ( object => [ map { [ $_->[0], _text( $_->[1] ) ] } grep { $_->[1][0] ne 'z' } @{ $node->[1] } ] ) if $node->[0] eq 'o';
    return ( primitive => _text($node) );
}

# Percent-encoding (UTF-8): all but RFC 3986's unreserved characters; with allowReserved the
# reserved ones stay as they are too.
sub pct {
    my ( $text, $reserved ) = @_;
    utf8::encode($text);
    if ($reserved) { $text =~ s/((?!$UNRESERVED|$RESERVED).)/sprintf '%%%02X', ord $1/gse }
    else { $text =~ s/((?!$UNRESERVED).)/sprintf '%%%02X', ord $1/gse }
    return $text;
}

sub path_value {
    my ( $p, $node ) = @_;
    return pct( _content_text( $node, $p->{content_type} ) ) if $p->{content_type};
    my ( $kind, $data ) = _parts($node);
    my ( $style, $explode, $name ) = ( $p->{style} || 'simple', $p->{explode}, pct( $p->{name} ) );
    if ( $kind eq 'primitive' ) {
        my $text = pct($data);
        return $style eq 'label' ? ".$text" : $style eq 'matrix' ? ";$name=$text" : $text;
    }
    if ( $kind eq 'array' ) {
        my @items = map { pct($_) } @$data;
        return '.' . join( $explode ? '.' : ',', @items ) if $style eq 'label';
        if ( $style eq 'matrix' ) {
            return ";$name" unless @items;
            return join( '', map {";$name=$_"} @items ) if $explode;
            return ";$name=" . join( ',', @items );
        }
        return join ',', @items;
    }
    my @members = map { [ pct( $_->[0] ), pct( $_->[1] ) ] } @$data;
    my @pairs = map {"$_->[0]=$_->[1]"} @members;
    my @flat = map {@$_} @members;
    if ( $style eq 'label' ) {
        return '.' . join( '.', @pairs ) if $explode;
        return '.' . join( ',', @flat );
    }
    if ( $style eq 'matrix' ) {
        return join( '', map {";$_"} @pairs ) if $explode;
        return ";$name=" . join( ',', @flat );
    }
    return join( ',', $explode ? @pairs : @flat );
}

# `key=value` pieces of a query (and of a form body), percent-encoded, delimiters raw.
sub query_pairs {
    my ( $name, $node, $enc ) = @_;
    my ( $key, $reserved, $style ) = ( pct($name), $enc->{reserved}, $enc->{style} || 'form' );
    return "$key=" . pct( _content_text( $node, $enc->{content_type} ), $reserved ) if $enc->{content_type};
    return map { "$_->[0]=" . pct( $_->[1], $reserved ) } _deep( $key, $node ) if $style eq 'deepObject';
    my ( $kind, $data ) = _parts($node);
    return "$key=" . pct( $data, $reserved ) if $kind eq 'primitive';
    my $sep = { spaceDelimited => '%20', pipeDelimited => '%7C' }->{$style} || ',';
    if ( $kind eq 'array' ) {
        return map { "$key=" . pct( $_, $reserved ) } @$data if $enc->{explode};
        return "$key=" . join $sep, map { pct( $_, $reserved ) } @$data;
    }
    return map { pct( $_->[0] ) . '=' . pct( $_->[1], $reserved ) } @$data if $enc->{explode};
    return "$key=" . join $sep, map { pct( $_, $reserved ) } map {@$_} @$data;
}

# deepObject: name[key]=value, nested as Stripe reads it (name[0][key]=value for arrays).
sub _deep {
    my ( $prefix, $node ) = @_;
    if ( $node->[0] eq 'o' ) {
        return map { _deep( $prefix . '[' . pct( $_->[0] ) . ']', $_->[1] ) } grep { $_->[1][0] ne 'z' } @{ $node->[1] };
    }
    if ( $node->[0] eq 'a' ) {
        my @items = grep { $_->[0] ne 'z' } @{ $node->[1] };
        return map { _deep( "$prefix\[$_]", $items[$_] ) } 0 .. $#items;
    }
    return [ $prefix, _text($node) ];
}

# `simple`, not percent-encoded.
sub header_value {
    my ( $node, $p ) = @_;
    return _content_text( $node, $p->{content_type} ) if $p->{content_type};
    my ( $kind, $data ) = _parts($node);
    return $data if $kind eq 'primitive';
    return join ',', @$data if $kind eq 'array';
    return join ',', map { $p->{explode} ? "$_->[0]=$_->[1]" : @$_ } @$data;
}

# `form` in the Cookie header: exploded arrays repeat the name, exploded objects send each
# member as a cookie; values percent-encoded.
sub cookie_pairs {
    my ( $name, $node, $p ) = @_;
    return "$name=" . pct( _content_text( $node, $p->{content_type} ) ) if $p->{content_type};
    my ( $kind, $data ) = _parts($node);
    return "$name=" . pct($data) if $kind eq 'primitive';
    if ( $kind eq 'array' ) {
        return map { "$name=" . pct($_) } @$data if $p->{explode};
        return "$name=" . join ',', map { pct($_) } @$data;
    }
    return map { "$_->[0]=" . pct( $_->[1] ) } @$data if $p->{explode};
    return "$name=" . join ',', map { pct($_) } map {@$_} @$data;
}

# -- bodies --------------------------------------------------------------------------------

sub body {
    my ( $cx, $spec, $body ) = @_;
    return unless $spec;
    my $name = $spec->{arg} || 'body';    # the argument holding the body
    if ( !defined $body ) {
        bad("missing required argument '$name'") if $spec->{required};
        return;
    }
    my ( $kind, $type ) = ( $spec->{kind}, $spec->{content_type} );
    return ( _file( $body, $name )->[0], $type ) if $kind eq 'binary';
    if ( exists $spec->{whole} ) {
        if ( $kind eq 'text' || $kind eq 'form' ) {
            return ( _file( $body, $name )->[0], $type ) if ref $body eq 'ARRAY' || ref $body eq 'GLOB';
            return ( _utf8("$body"), $type ) if !ref $body || _stringy($body);
        }
        my $node = _value( $cx, $spec->{whole}, $body, $name );
        return ( _utf8( _json($node) ), $type ) if $kind eq 'json';
        return ( join( '&', query_pairs( 'body', $node, { style => 'form', explode => 1 } ) ), $type ) if $node->[0] eq 'o';
        return ( _utf8( _text($node) ), $type );
    }
    bad("$name must be a hash reference") unless ref $body eq 'HASH';
    my @fields = @{ $spec->{fields} || [] };
    my %listed = map { $_->{name} => 1 } @fields;
    for my $f (@fields) {
        bad("missing required body field '$f->{name}'") if $f->{required} && !exists $body->{ $f->{name} };
    }
    push @fields, map { +{ name => $_, style => 'form', explode => 1 } } grep { !$listed{$_} } sort keys %$body;
    my @present;
    for my $f (@fields) {
        next unless exists $body->{ $f->{name} };
        my $value = $body->{ $f->{name} };
        next if !defined $value && $kind ne 'json';
        push @present, [ $f, defined $value ? checked( $cx, $f, $value ) : ['z'] ];
    }
    if ( $kind eq 'form' ) {
        my @pairs = map { query_pairs( $_->[0]{name}, $_->[1], $_->[0] ) } @present;
        return ( join( '&', @pairs ), $type );
    }
    if ( $kind eq 'multipart' ) {
        return _multipart( \@present, $type );
    }
    return ( _utf8( _json( [ o => [ map { [ $_->[0]{name}, $_->[1] ] } @present ] ] ) ), $type );
}

# multipart/form-data (HTTP::Tiny has none): one part per field, one per item for arrays, each
# with the Encoding Object's content type (objects: JSON) and headers; text as UTF-8.
sub _multipart {
    my ( $present, $type ) = @_;
    my $boundary = '----perl-client-' . join '', map { ( 'a' .. 'z', 0 .. 9 )[ rand 36 ] } 1 .. 24;
    my $out = '';
    for my $entry (@$present) {
        my ( $f, $node ) = @$entry;
        my ( $name, $part_type ) = ( $f->{name}, $f->{content_type} );
        my @headers = @{ $f->{headers} || [] };
        my @nodes = $node->[0] eq 'a' ? @{ $node->[1] } : ($node);    # RFC 7578: a part per item
        for my $item (@nodes) {
            next if $item->[0] eq 'z';
            my ( $content, $filename, $item_type ) = ( undef, undef, $part_type );
            if ( $item->[0] eq 'f' ) {
                ( $content, $filename, my $given ) = @{ $item->[1] };
                $item_type = $given || $part_type || _guess_type($filename);
            }
            elsif ( $item->[0] eq 'o' || $item->[0] eq 'a' || is_json($part_type) ) {
                $content = _utf8( _json($item) );
                $item_type ||= 'application/json';
            }
            else {
                $content = _utf8( _text($item) );
            }
            $out .= "--$boundary\r\n" . 'Content-Disposition: form-data; name="' . _quote($name) . '"';
            $out .= '; filename="' . _quote($filename) . '"' if defined $filename;
            $out .= "\r\n";
            $out .= "Content-Type: $item_type\r\n" if defined $item_type;
            for ( my $i = 0 ; $i < @headers ; $i += 2 ) {
                $out .= _utf8("$headers[$i]: $headers[$i + 1]") . "\r\n";
            }
            $out .= "\r\n$content\r\n";
        }
    }
    $out .= "--$boundary--\r\n";
    ( my $base = $type || 'multipart/form-data' ) =~ s/\s*;.*//s;
    return ( $out, "$base; boundary=$boundary" );
}

my %TYPES = (
    png => 'image/png', jpg => 'image/jpeg', jpeg => 'image/jpeg', gif => 'image/gif', webp => 'image/webp',
    pdf => 'application/pdf', json => 'application/json', jsonl => 'application/jsonl', txt => 'text/plain',
    csv => 'text/csv', md => 'text/markdown', html => 'text/html', mp3 => 'audio/mpeg', wav => 'audio/wav',
    m4a => 'audio/mp4', ogg => 'audio/ogg', flac => 'audio/flac', webm => 'audio/webm', mp4 => 'video/mp4',
    zip => 'application/zip',
);

sub _guess_type {
    my ($filename) = @_;
    my ($ext) = ( defined $filename ? $filename : '' ) =~ /\.(\w+)\z/;
    return ( defined $ext && $TYPES{ lc $ext } ) || 'application/octet-stream';
}

sub _quote {
    my ($text) = @_;
    utf8::encode($text);
    $text =~ s/"/%22/g;
    $text =~ s/\r/%0D/g;
    $text =~ s/\n/%0A/g;
    return $text;
}

1;

__END__

=head1 NAME

APIClient::Wire - how the client spells values on the wire

=head1 DESCRIPTION

Used by L<APIClient::Runtime>. Each argument is checked against its schema type (from the
Schemas module) and encoded by it: C<'50'> for an integer is sent as C<50>, C<'0.5'> for a
number as C<0.5>, C<0>, C<1>, C<''>, C<'true'> and C<'false'> for a boolean as C<false> or
C<true>; a value that is not of its type is refused. Object members go in the schema's order
(other keys sorted); a C<oneOf> takes the first variant the value fits. Then the value is
spelled for its place as the OpenAPI specification's style table says: path parameters
C<simple>, C<label> or C<matrix>; query parameters C<form>, C<spaceDelimited>,
C<pipeDelimited> or C<deepObject> (with C<allowReserved>); headers C<simple>; cookies C<form>;
C<content> parameters as JSON text; explode or not. Values are percent-encoded as UTF-8
(delimiters raw, a comma inside a value C<%2C>). Form bodies spell each field by its Encoding
Object (C<deepObject> nested as C<metadata[k]=v> and C<items[0][price]=p>); multipart bodies
send a part per field and per array item, with the Encoding Object's content type (objects as
JSON) and headers, text in UTF-8, files as a path, a filehandle or
C<[ $content, $filename, $content_type ]>.

=cut
