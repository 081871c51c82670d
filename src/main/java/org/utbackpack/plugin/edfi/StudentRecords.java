package org.utbackpack.plugin.edfi;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * Everything USIMS gave for one student, as Ed-Fi resources: the student's own records (limited to the
 * enabled school years where they belong to one) and, by natural key, the schools, LEAs, sections,
 * teachers of record, staff, credentials and assessments those refer to.
 *
 * @param sections        section key (see {@link EdFiReader#sectionKey}) -> the section
 * @param sectionStaff    section key -> staffUniqueIds of its teachers
 * @param credentials     credentialIdentifier -> the credential
 * @param assessments     assessmentIdentifier -> the assessment
 */
record StudentRecords(JsonNode student, List<JsonNode> organizationAssociations, List<JsonNode> schoolAssociations,
                      List<JsonNode> grades, List<JsonNode> transcripts, List<JsonNode> attendanceEvents,
                      List<JsonNode> studentAssessments, Map<Long, JsonNode> schools, Map<Long, JsonNode> leas,
                      Map<String, JsonNode> sections, Map<String, List<String>> sectionStaff,
                      Map<String, JsonNode> staff, Map<String, JsonNode> credentials, Map<String, JsonNode> assessments) {

    /** True when the enabled school years hold nothing for the student. */
    boolean empty() {
        return schoolAssociations.isEmpty() && grades.isEmpty() && transcripts.isEmpty() && attendanceEvents.isEmpty()
                && studentAssessments.isEmpty();
    }
}
