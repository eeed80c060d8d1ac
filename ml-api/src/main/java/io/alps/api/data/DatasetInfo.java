package io.alps.api.data;

import java.util.List;

/**
 * What {@code GET /datasets} says of one registered data set: the name specs use in {@code data},
 * its kind (the spec's {@code dataset}), the network input shape, the classes and the sizes.
 */
public record DatasetInfo(String name, String kind, List<Integer> shape, int classes, List<String> classNames,
                          long train, long test) {
}
