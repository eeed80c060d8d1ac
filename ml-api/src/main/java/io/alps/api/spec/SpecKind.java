package io.alps.api.spec;

import java.util.Set;

/**
 * What a spec needs to know of an experiment kind to read and write it: its name and the record of
 * its own fields. Kinds register as providers of this interface (one line in
 * {@code META-INF/services/io.alps.api.spec.SpecKind}), so the spec never names a kind.
 */
public interface SpecKind {
    String name();

    /** The record of this kind's own fields; its constructor fills a null component with the default. */
    Class<? extends KindOptions> optionsType();

    /**
     * Fields of this kind that specs written before kinds had their own records carried for every
     * kind. They are still written (at this kind's default) into other kinds' JSON and ignored when
     * read there, so those specs keep their JSON and hash. A new kind has none.
     */
    default Set<String> firstVersionFields() {
        return Set.of();
    }
}
