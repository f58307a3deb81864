package io.dirsync.scim.fuzz;

import java.util.Random;

/** Mutations of a valid text: the near misses that find parser bugs faster than noise alone. */
public final class TextMutations {
    private static final String NASTY = "\"\\[]().:$ \t\n\u0000\u00e9\u2028\ud83d\ude00'%_*,{}=<>!&|~`";

    private TextMutations() {}

    public static String mutate(Random random, String text) {
        String result = text;
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            result = mutateOnce(random, result);
        }
        return result;
    }

    private static String mutateOnce(Random random, String text) {
        if (text.isEmpty()) {
            return randomText(random, 1 + random.nextInt(8));
        }
        int at = random.nextInt(text.length());
        return switch (random.nextInt(7)) {
            case 0 -> text.substring(0, at) + text.substring(at + 1);
            case 1 -> text.substring(0, at) + nastyChar(random) + text.substring(at);
            case 2 -> text.substring(0, at);
            case 3 -> text.substring(at);
            case 4 ->
                text.substring(0, at)
                        + text.substring(at, Math.min(text.length(), at + 1 + random.nextInt(6)))
                        + text.substring(at);
            case 5 -> text.substring(0, at) + nastyChar(random) + text.substring(at + 1);
            default -> text + " " + randomText(random, 1 + random.nextInt(6));
        };
    }

    public static char nastyChar(Random random) {
        return random.nextInt(4) == 0 ? (char) random.nextInt(0x3000) : NASTY.charAt(random.nextInt(NASTY.length()));
    }

    public static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(random.nextBoolean() ? (char) ('a' + random.nextInt(26)) : nastyChar(random));
        }
        return text.toString();
    }
}
