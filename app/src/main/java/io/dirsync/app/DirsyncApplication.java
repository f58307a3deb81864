package io.dirsync.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** One process: command side, query side and admin API over one database. */
@SpringBootApplication(
        scanBasePackages = "io.dirsync",
        // the service makes no outbound connection of its own: no usage reporting, no update check
        excludeName = "org.axonframework.springboot.autoconfig.UpdateCheckerAutoConfiguration")
@EnableScheduling
public class DirsyncApplication {

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(DirsyncApplication.class, args);
    }
}
